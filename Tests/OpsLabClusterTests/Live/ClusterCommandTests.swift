import Foundation
import OpsLabCluster
import OpsLabKube
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `opslab cluster up --detach / status / down` as a user runs them, including two clusters side by side and a
/// cluster killed with SIGKILL.
@Suite("opslab cluster commands", .serialized)
struct ClusterCommandTests {
    static func temporaryStateDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("opslab-cli-\(UUID().uuidString.prefix(8))").path
    }

    @Test("two detached clusters run side by side and stop cleanly")
    func twoClustersSideBySide() async throws {
        let first = Self.temporaryStateDirectory()
        let second = Self.temporaryStateDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        let upFirst = try await CLI.run(["cluster", "up", "--detach", "--state-dir", first])
        #expect(upFirst.exitCode == 0, "\(upFirst.stderr)")
        #expect(upFirst.stdout.contains("Kubeconfig: \(first)/kubeconfig"))
        let upSecond = try await CLI.run(["cluster", "up", "--detach", "--state-dir", second])
        #expect(upSecond.exitCode == 0, "\(upSecond.stderr)")

        let firstConfig = try Kubeconfig.load(path: first + "/kubeconfig")
        let secondConfig = try Kubeconfig.load(path: second + "/kubeconfig")
        #expect(firstConfig.server != secondConfig.server, "each cluster has its own loopback block")

        let again = try await CLI.run(["cluster", "up", "--detach", "--state-dir", first])
        #expect(again.exitCode != 0)
        #expect(again.stderr.contains("already running"))

        let status = try await CLI.run(["cluster", "status", "--state-dir", first])
        #expect(status.exitCode == 0, "\(status.stdout)\(status.stderr)")
        #expect(status.stdout.contains("Nodes:      2"))

        let nodes = try await CLI.run(["kubectl", "--kubeconfig", second + "/kubeconfig", "get", "nodes"])
        #expect(nodes.stdout.contains("opslab-worker"), "\(nodes.stderr)")

        let clusterPids = [first, second].compactMap { Self.pid(in: $0) }
        #expect(clusterPids.count == 2)
        for directory in [first, second] {
            let down = try await CLI.run(["cluster", "down", "--state-dir", directory])
            #expect(down.exitCode == 0, "\(down.stderr)")
            #expect(down.stdout.contains("Cluster stopped"))
        }
        for pid in clusterPids { #expect(!Self.isAlive(pid), "cluster process \(pid) still runs") }
        let after = try await CLI.run(["cluster", "status", "--state-dir", first])
        #expect(after.exitCode == 3)
        #expect(after.stdout.contains("not running"))
    }

    @Test("pods of a SIGKILLed cluster do not outlive it")
    func killedClusterLeavesNoPods() async throws {
        let directory = Self.temporaryStateDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let up = try await CLI.run(["cluster", "up", "--detach", "--state-dir", directory])
        #expect(up.exitCode == 0, "\(up.stderr)")
        let kubeconfig = directory + "/kubeconfig"
        let manifest = directory + "/echo.yaml"
        try EchoScenarioTests.manifest.write(toFile: manifest, atomically: true, encoding: .utf8)
        let created = try await CLI.run(["kubectl", "--kubeconfig", kubeconfig, "apply", "-f", manifest])
        #expect(created.exitCode == 0, "\(created.stderr)")
        var podPid: pid_t?
        let deadline = ContinuousClock.now + .seconds(30)
        while podPid == nil, ContinuousClock.now < deadline {
            podPid = Self.podProcesses(stateDirectory: directory).first
            if podPid == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        let pod = try #require(podPid, "an echo pod process started")
        let cluster = try #require(Self.pid(in: directory))
        kill(cluster, SIGKILL)
        // The pod notices its parent is gone and exits on its own within a few seconds.
        let gone = ContinuousClock.now + .seconds(10)
        while Self.isAlive(pod), ContinuousClock.now < gone { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!Self.isAlive(pod), "pod process \(pod) outlived its SIGKILLed cluster")
        let down = try await CLI.run(["cluster", "down", "--state-dir", directory])
        #expect(down.exitCode == 0)
    }

    /// Whether a process exists and is not a zombie (a detached process's zombie may linger until init reaps it).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(close, offsetBy: 2)...].first != "Z"
    }

    static func pid(in stateDirectory: String) -> pid_t? {
        (try? String(contentsOfFile: stateDirectory + "/cluster.pid", encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Processes whose working directory lies in the state directory's pod folders.
    static func podProcesses(stateDirectory: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.count > 1, arguments[1] == "pod" else { return nil }
            let cwd = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/cwd")) ?? ""
            return cwd.hasPrefix(stateDirectory) ? pid : nil
        }
    }
}
