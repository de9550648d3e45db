import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses the loopback block (`127.B.0.0/16`) of a cluster so that clusters with different state
/// directories never collide, and remembers the choice in the state directory.
public enum ClusterBlock {
    /// The blocks handed out: 127.20.x.x to 127.239.x.x.
    public static let range: ClosedRange<Int> = 20...239

    /// Blocks this process has handed out, so clusters started side by side in one process (tests, an
    /// orchestrator running episodes) never pick the same block before either has bound its API port.
    private static let taken = Mutex<Set<Int>>([])

    /// Open lock descriptors by block, so a stopped cluster can give its block back.
    private static let locks = Mutex<[Int: Int32]>([:])

    /// Where processes take an advisory lock per block (held until the process exits), so two processes
    /// choosing at the same moment cannot both take a block before either has bound its API port.
    public static let lockDirectory = "/tmp/opslab-blocks"

    /// Takes the cross-process lock of a block; the descriptor stays open (and the lock held) until exit.
    private static func lockAcrossProcesses(_ block: Int) -> Bool {
        try? FileManager.default.createDirectory(
            atPath: lockDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        let descriptor = open(lockDirectory + "/\(block).lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return true }  // no lock directory: fall back to the bind check alone
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            close(descriptor)
            return false
        }
        locks.withLock { $0[block] = descriptor }
        return true
    }

    /// Gives a block back when its cluster has stopped: drops the process's claim and the cross-process lock.
    public static func release(_ block: UInt8) {
        let descriptor = locks.withLock { $0.removeValue(forKey: Int(block)) }
        if let descriptor { close(descriptor) }
        taken.withLock { _ = $0.remove(Int(block)) }
    }

    /// The block recorded in `stateDirectory/block`, or a free one derived from the directory's path.
    ///
    /// A block is free when no other cluster of this process took it, no other process holds its lock, and its
    /// API address can be bound now. Blocks found busy stay marked as taken for this process.
    public static func choose(stateDirectory: String, apiPort: Int) -> UInt8 {
        let file = stateDirectory + "/block"
        if let text = try? String(contentsOfFile: file, encoding: .utf8),
            let value = UInt8(text.trimmingCharacters(in: .whitespacesAndNewlines)), range.contains(Int(value))
        {
            return value
        }
        var hash: UInt32 = 2_166_136_261
        for byte in stateDirectory.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let start = Int(hash % UInt32(range.count))
        for offset in 0..<range.count {
            let candidate = range.lowerBound + (start + offset) % range.count
            guard taken.withLock({ $0.insert(candidate).inserted }) else { continue }
            if lockAcrossProcesses(candidate), isFree(host: "127.\(candidate).0.1", port: apiPort) {
                return UInt8(candidate)
            }
        }
        return UInt8(range.lowerBound + start)
    }

    /// Records the block so the next start (and `cluster status`) uses the same one.
    public static func record(_ block: UInt8, stateDirectory: String) throws {
        try "\(block)\n".write(toFile: stateDirectory + "/block", atomically: true, encoding: .utf8)
    }

    /// Whether a TCP port can be bound on an address right now.
    public static func isFree(host: String, port: Int) -> Bool {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}
