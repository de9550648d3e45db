import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The running container processes, mirrored to `pods.pids` (`pid pgid ns/pod/container` per line) so a
/// crashed cluster's processes can be reaped at the next start.
final class PodPidTable: Sendable {
    private let path: String
    private let entries = Mutex<[String: (pid: Int32, pgid: Int32)]>([:])

    /// Creates an empty table and truncates the file.
    init(path: String) {
        self.path = path
        rewrite([:])
    }

    /// Records a started process.
    func set(_ key: String, pid: Int32, pgid: Int32) {
        let snapshot = entries.withLock { table in
            table[key] = (pid, pgid)
            return table
        }
        rewrite(snapshot)
    }

    /// Forgets a process that exited.
    func remove(_ key: String) {
        let snapshot = entries.withLock { table in
            table[key] = nil
            return table
        }
        rewrite(snapshot)
    }

    private func rewrite(_ table: [String: (pid: Int32, pgid: Int32)]) {
        let text = table.sorted { $0.key < $1.key }.map { "\($0.value.pid) \($0.value.pgid) \($0.key)\n" }.joined()
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Kills the process groups listed in a pid file whose leader still runs `opslab … pod …`; returns how many.
    static func reap(path: String) -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        var killed = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 2)
            guard fields.count >= 2, let pid = Int32(fields[0]), let pgid = Int32(fields[1]), pid > 1, pgid > 1
            else { continue }
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
            let commandLine = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            guard commandLine.contains("opslab"), commandLine.contains(" pod ") else { continue }
            if kill(-pgid, SIGKILL) == 0 || kill(pid, SIGKILL) == 0 { killed += 1 }
        }
        try? FileManager.default.removeItem(atPath: path)
        return killed
    }
}
