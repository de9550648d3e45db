import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw file-descriptor helpers for the executor: pipes, files, blocking reads and writes on their own threads.
enum ShellExecutorIO {
    /// A new pipe `(read, write)`, both ends close-on-exec.
    static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        // Not atomic with respect to a concurrent fork, but Subprocess closes every descriptor above 2 in its
        // children anyway.
        #if canImport(Glibc)
        guard Glibc.pipe(&fds) == 0 else { throw posixError("pipe") }
        #else
        guard Darwin.pipe(&fds) == 0 else { throw posixError("pipe") }
        #endif
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    /// Opens a file for a redirection, close-on-exec.
    static func open(_ path: String, flags: Int32) throws(ShellExecutorIOError) -> Int32 {
        let fd = path.withCString { systemOpen($0, flags | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw posixError(nil) }
        return fd
    }

    /// Closes a descriptor, ignoring errors.
    static func close(_ fd: Int32) {
        guard fd >= 0 else { return }
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }

    /// Reads until end-of-file on a thread of its own, keeping at most `cap` bytes (the rest is read and dropped so
    /// that the writer is never blocked).
    static func readAll(_ fd: Int32, cap: Int) async -> Data {
        await withCheckedContinuation { continuation in
            blocking {
                var data = Data()
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    if count <= 0 { break }
                    if data.count < cap { data.append(contentsOf: buffer[0..<min(count, cap - data.count)]) }
                }
                continuation.resume(returning: data)
            }
        }
    }

    /// Writes all of `data` on a thread of its own; stops quietly when the reader has gone (`EPIPE`).
    static func writeAll(_ fd: Int32, _ data: Data) async {
        guard !data.isEmpty else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            blocking {
                withoutSIGPIPE(fd) {
                    data.withUnsafeBytes { raw in
                        var offset = 0
                        while offset < raw.count {
                            let count = write(fd, raw.baseAddress! + offset, raw.count - offset)
                            if count < 0, errno == EINTR { continue }
                            if count <= 0 { break }
                            offset += count
                        }
                    }
                }
                continuation.resume()
            }
        }
    }

    /// Runs blocking I/O on a thread of its own: reads and writes may wait as long as the line runs, and a shared
    /// pool (Dispatch's is as wide as the CPU count) would let concurrent lines starve each other.
    private static func blocking(_ work: @escaping @Sendable () -> Void) {
        let thread = Thread(block: work)
        thread.name = "opslab.shell.io"
        thread.start()
    }

    /// Runs `body` (which writes to `fd`) so that a vanished reader yields `EPIPE` instead of killing this process
    /// with SIGPIPE: on Linux the signal is blocked on this thread and a pending one is consumed afterwards; on
    /// Darwin the descriptor is marked `F_SETNOSIGPIPE`.
    private static func withoutSIGPIPE(_ fd: Int32, _ body: () -> Void) {
        #if canImport(Glibc)
        var pipeSet = sigset_t()
        sigemptyset(&pipeSet)
        sigaddset(&pipeSet, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSet, &previous)
        body()
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1 {
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&pipeSet, nil, &zero)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        #else
        _ = fcntl(fd, F_SETNOSIGPIPE, 1)
        body()
        #endif
    }

    /// The `strerror` text of `errno`, e.g. `No such file or directory`.
    static func errnoText() -> String {
        String(cString: strerror(errno))
    }

    private static func posixError(_ call: String?) -> ShellExecutorIOError {
        ShellExecutorIOError(message: call.map { "\($0): \(errnoText())" } ?? errnoText())
    }
}

/// A failed descriptor operation; `message` is `strerror` text.
struct ShellExecutorIOError: Error {
    var message: String
}

private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, flags, mode)
    #else
    Darwin.open(path, flags, mode)
    #endif
}
