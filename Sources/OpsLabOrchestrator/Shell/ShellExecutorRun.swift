import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shared state of one running line: its output pipes, the process groups it started, and whether it timed out.
final class ShellExecutorRun: Sendable {
    /// The write end every last stage's standard output goes to (unless redirected).
    let stdoutWrite: Int32
    /// The write end every stage's standard error goes to (unless redirected).
    let stderrWrite: Int32
    /// The read ends the executor collects.
    let stdoutRead: Int32
    let stderrRead: Int32
    private let state = Mutex<(groups: Set<Int32>, timedOut: Bool, closed: Bool)>(([], false, false))

    init() throws {
        let out = try ShellExecutorIO.pipe()
        let err: (read: Int32, write: Int32)
        do {
            err = try ShellExecutorIO.pipe()
        } catch {
            ShellExecutorIO.close(out.read)
            ShellExecutorIO.close(out.write)
            throw error
        }
        stdoutRead = out.read
        stdoutWrite = out.write
        stderrRead = err.read
        stderrWrite = err.write
    }

    /// Whether the line's time ran out.
    var timedOut: Bool { state.withLock { $0.timedOut } }

    /// Records a started process group; returns `false` (after killing it) when the line already timed out.
    func register(group pgid: Int32) -> Bool {
        let alive = state.withLock { state -> Bool in
            if state.timedOut { return false }
            state.groups.insert(pgid)
            return true
        }
        if !alive { Self.kill(group: pgid) }
        return alive
    }

    /// Forgets a process group after killing whatever is left of it (a process may leave children behind).
    func finished(group pgid: Int32) {
        state.withLock { _ = $0.groups.remove(pgid) }
        Self.kill(group: pgid)
    }

    /// Marks the line as timed out and kills every process group it started.
    func timeOut() {
        let groups = state.withLock { state -> Set<Int32> in
            state.timedOut = true
            return state.groups
        }
        for group in groups { Self.kill(group: group) }
    }

    /// Closes the executor's own copies of the output write ends, so that the readers see end-of-file.
    func closeWriteEnds() {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        ShellExecutorIO.close(stdoutWrite)
        ShellExecutorIO.close(stderrWrite)
    }

    /// Closes the read ends once collected.
    func closeReadEnds() {
        ShellExecutorIO.close(stdoutRead)
        ShellExecutorIO.close(stderrRead)
    }

    private static func kill(group pgid: Int32) {
        guard pgid > 1 else { return }
        #if canImport(Glibc)
        _ = Glibc.kill(-pgid, SIGKILL)
        #else
        _ = Darwin.kill(-pgid, SIGKILL)
        #endif
    }
}
