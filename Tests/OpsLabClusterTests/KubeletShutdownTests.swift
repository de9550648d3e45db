import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

/// A stopping kubelet keeps capturing container output until the processes exit, so containers that log while
/// they shut down are neither cut off nor broken (EPIPE), and the kubelet returns as soon as they are gone.
@Suite("Kubelet shutdown")
struct KubeletShutdownTests {
    /// A container stand-in that behaves like the Swift roles: SIGPIPE ignored, logs its shutdown a moment after
    /// SIGTERM, and dies slowly when that write fails (as a trapping process held by the Swift backtracer does).
    static let script = """
        #!/bin/sh
        trap '' PIPE
        trap 'sleep 0.3; echo "shutting down" || { sleep 4; exit 134; }; exit 0' TERM
        echo "started"
        while :; do echo "tick"; sleep 0.05; done
        """

    /// Writes the stand-in into `directory` and returns its path.
    static func writeScript(in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/container.sh"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    /// Polls `condition` every 50 ms for up to `timeout` seconds.
    static func eventually(timeout: TimeInterval = 10, _ condition: () async -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }

    @Test func cancelledContainerProcessIsDrainedUntilItExits() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shutdown-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let executable = try Self.writeScript(in: directory)
        let logPath = directory + "/logs/0.log"
        let launch = ContainerLaunch(
            executablePath: executable, arguments: [], environment: ["PATH": "/usr/bin:/bin"],
            workingDirectory: directory, logPath: logPath, graceSeconds: 10
        )
        let task = Task { try await ContainerProcess.run(launch) { _ in } }
        let started = try await Self.eventually {
            ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").contains("stdout F started")
        }
        #expect(started)
        let cancelledAt = ContinuousClock.now
        task.cancel()
        let exit = try await task.value
        let elapsed = ContinuousClock.now - cancelledAt
        #expect(exit == ContainerExit(exitCode: 0, signal: nil), "the shutdown log line must not hit a closed pipe")
        #expect(elapsed < .seconds(2), "returned \(elapsed) after cancellation")
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.contains("stdout F shutting down"))
    }

    @Test func cancelledKubeletStopsPodsThatLogWhileStoppingPromptly() async throws {
        let scriptDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("chatty-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: scriptDirectory) }
        let harness = KubeletLiveTests.Harness(
            block: 204, executable: try Self.writeScript(in: scriptDirectory)
        )
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        let names = ["chatty-a", "chatty-b", "chatty-c", "chatty-d"]
        for name in names { try await harness.createPod(name, image: "opslab/echo:1.0", readiness: false) }
        let kubelet = Kubelet(context: harness.context, catalog: ImageCatalog())
        let task = Task { try await kubelet.run() }
        var uids: [String: String] = [:]
        for name in names {
            let pod = try await harness.waitFor(name) { pod in
                KubeletLiveTests.container(pod)?[path: ["state", "running"]] != nil
            }
            uids[name] = pod.uid
        }
        let configuration = harness.context.configuration
        func log(_ name: String) -> String {
            let path = Kubelet.logPath(
                configuration: configuration, namespace: "demo", pod: name, uid: uids[name] ?? "", container: "web",
                restart: 0
            )
            return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
        let allStarted = try await Self.eventually { names.allSatisfy { log($0).contains("stdout F started") } }
        #expect(allStarted)

        let cancelledAt = ContinuousClock.now
        task.cancel()
        try await task.value
        let elapsed = ContinuousClock.now - cancelledAt
        #expect(elapsed < .seconds(2), "the kubelet took \(elapsed) to stop")
        for name in names {
            #expect(log(name).contains("stdout F shutting down"), "\(name) lost its shutdown log")
        }
    }
}
