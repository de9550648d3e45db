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
        // The file is rewritten under the lock: two unserialized rewrites can land out of order and leave a
        // running process out of the file (and out of the resource sampler's view).
        entries.withLock { table in
            table[key] = (pid, pgid)
            rewrite(table)
        }
    }

    /// Forgets a process that exited.
    func remove(_ key: String) {
        entries.withLock { table in
            table[key] = nil
            rewrite(table)
        }
    }

    private func rewrite(_ table: [String: (pid: Int32, pgid: Int32)]) {
        let text = table.sorted { $0.key < $1.key }.map { "\($0.value.pid) \($0.value.pgid) \($0.key)\n" }.joined()
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The running container instances listed in a pid file (`pid pgid ns/pod/container` per line), for the
    /// resource sampler; unreadable or malformed lines are skipped.
    static func read(path: String) -> [ContainerProcessRef] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return parse(text)
    }

    /// The entries of a pid file's text.
    static func parse(_ text: String) -> [ContainerProcessRef] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 2)
            guard fields.count == 3, let pgid = Int32(fields[1]), pgid > 1 else { return nil }
            let names = fields[2].split(separator: "/", omittingEmptySubsequences: false)
            guard names.count == 3 else { return nil }
            let key = ContainerKey(namespace: String(names[0]), pod: String(names[1]), container: String(names[2]))
            return ContainerProcessRef(key: key, pid: pgid)
        }
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
