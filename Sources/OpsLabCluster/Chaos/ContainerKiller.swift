import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// container-kill's runtime side: finds a container's process through the kubelet's pid table (`pods.pids`,
/// `pid pgid ns/pod/container` per line) and sends it SIGKILL, as chaos-daemon asks the container runtime to.
struct ContainerKiller: Sendable {
    /// The kubelet's pid table.
    var pidsPath: String

    /// The process group of a running container, checked against `/proc/<pid>/cmdline` so a reused pid is never hit.
    func processGroup(namespace: String, pod: String, container: String) -> Int32? {
        guard let text = try? String(contentsOfFile: pidsPath, encoding: .utf8) else { return nil }
        let key = "\(namespace)/\(pod)/\(container)"
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard fields.count == 3, fields[2] == key, let pid = Int32(fields[0]), let pgid = Int32(fields[1]),
                pid > 1, pgid > 1
            else { continue }
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.contains("\(namespace)/\(pod)"), arguments.contains(container) else { return nil }
            return pgid
        }
        return nil
    }

    /// SIGKILLs the container's process group.
    /// - Throws: ``ChaosError`` `apply` when the container is not running.
    func kill(namespace: String, pod: String, container: String) throws(ChaosError) {
        guard let pgid = processGroup(namespace: namespace, pod: pod, container: container) else {
            throw ChaosError(.apply, "container \"\(container)\" of pod \(namespace)/\(pod) is not running")
        }
        guard killGroup(pgid) else {
            throw ChaosError(.apply, "kill container \"\(container)\": errno \(errno)")
        }
    }
}

/// SIGKILL to a process group, falling back to the process itself.
private func killGroup(_ pgid: Int32) -> Bool {
    kill(-pgid, SIGKILL) == 0 || kill(pgid, SIGKILL) == 0
}
