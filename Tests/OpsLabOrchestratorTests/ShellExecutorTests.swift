import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabOrchestrator

/// Answers every pods list with a three-row Table and records what it was asked.
private final class FakePodsTransport: KubeTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []

    var requests: [String] { lock.withLock { paths } }

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        lock.withLock { paths.append(request.path) }
        guard request.path.contains("/pods") else {
            return KubeResponse(status: 404, body: Data(#"{"kind":"Status","code":404}"#.utf8))
        }
        let table: JSONValue = [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "columnDefinitions": [
                ["name": "Name", "type": "string", "format": "name", "priority": 0],
                ["name": "Ready", "type": "string", "format": "", "priority": 0],
                ["name": "Status", "type": "string", "format": "", "priority": 0],
            ],
            "rows": [
                ["cells": ["geo-xa1", "1/1", "Running"]],
                ["cells": ["rate-xb2", "0/1", "CrashLoopBackOff"]],
                ["cells": ["search-xc3", "1/1", "Running"]],
            ],
        ]
        return KubeResponse(
            status: 200, headers: [("Content-Type", "application/json")], body: Data(table.jsonString().utf8))
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse {
        throw KubeConnectionError(server: "fake", cause: "no streaming")
    }
}

@Suite final class ShellExecutorTests {
    private let workspace: String
    private let transport = FakePodsTransport()

    init() throws {
        workspace = NSTemporaryDirectory() + "opslab-shell-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: workspace)
    }

    private func executor(limit: Int = 8_000) -> ShellExecutor {
        let kubectl = Kubectl(client: KubeClient(transport: transport), defaultNamespace: "hotel")
        return ShellExecutor(kubectl: kubectl, workspace: workspace, clusterAddresses: ["127.0.0.1"], limit: limit)
    }

    @Test func kubectlFeedsRealProcesses() async {
        let result = await executor().run("kubectl get pods | grep x | wc -l")
        #expect(result.exitCode == 0)
        #expect(result.observation.trimmingCharacters(in: .whitespaces) == "3")
        #expect(transport.requests.first?.hasPrefix("/api/v1/namespaces/hotel/pods") == true)
        let running = await executor().run("kubectl get pods --no-headers | grep -v Running | awk '{print $1}'")
        #expect(running.observation == "rate-xb2")
    }

    @Test func processOutputFeedsKubectl() async throws {
        let manifest = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}"#
        try manifest.write(toFile: workspace + "/pod.json", atomically: true, encoding: .utf8)
        // `apply -f -` reads stdin from the previous stage; the fake answers 404, so kubectl fails, but only after
        // having parsed the piped manifest (an empty stdin would say "no objects passed to apply").
        let result = await executor().run("cat pod.json | kubectl apply -f -")
        #expect(!result.observation.contains("no objects passed"))
        #expect(transport.requests.contains { $0.contains("/pods") })
    }

    @Test func andOrSequenceSemantics() async {
        let e = executor()
        #expect(await e.run("true && echo yes || echo no").observation == "yes")
        let failed = await e.run("grep -q nothing missing.json && echo yes || echo no")
        #expect(failed.observation.hasPrefix("no\ngrep: missing.json"))
        #expect(failed.exitCode == 0)
        let skipped = await e.run("echo a | grep b && echo never")
        #expect(skipped.exitCode == 1)
        #expect(skipped.observation == "[exit code 1]")
        #expect(await e.run("echo one ; echo two").observation == "one\ntwo")
        #expect(await e.run("echo x | grep y ; echo after").exitCode == 0)
    }

    @Test func redirectionsWriteIntoTheWorkspace() async throws {
        let e = executor()
        let result = await e.run("echo hi > out.txt && cat out.txt")
        #expect(result.observation == "hi")
        #expect(try String(contentsOfFile: workspace + "/out.txt", encoding: .utf8) == "hi\n")
        _ = await e.run("echo again >> out.txt")
        #expect(await e.run("wc -l < out.txt").observation.trimmingCharacters(in: .whitespaces) == "2")
        _ = await e.run("kubectl get pods > pods.txt")
        #expect(try String(contentsOfFile: workspace + "/pods.txt", encoding: .utf8).contains("rate-xb2"))
        let missing = await e.run("cat < nope.txt")
        #expect(missing.exitCode == 1)
        #expect(missing.observation.contains("nope.txt: No such file or directory"))
        let merged = await e.run("ls missing-file > merged.txt 2>&1")
        #expect(merged.exitCode != 0)
        #expect(try String(contentsOfFile: workspace + "/merged.txt", encoding: .utf8).contains("missing-file"))
    }

    @Test func refusedLineRunsNothing() async {
        let result = await executor().run("rm -rf / && echo hi > gone.txt")
        #expect(result.refused)
        #expect(result.exitCode == 126)
        #expect(result.observation.hasPrefix("Error: Cannot use `rm`"))
        #expect(!FileManager.default.fileExists(atPath: workspace + "/gone.txt"))
    }

    @Test func missingProgramIsExit127() async {
        var e = executor()
        e.searchPath = ["/nonexistent-opslab-dir"]
        let result = await e.run("kubectl get pods -o json | jq .")
        #expect(result.exitCode == 127)
        #expect(result.observation == "jq: command not found\n[exit code 127]")
    }

    @Test func timeoutKillsTheWholeLine() async {
        let clock = ContinuousClock()
        let start = clock.now
        let result = await executor().run(
            "awk 'BEGIN{while(1){}}' | wc -c ; echo never > late.txt", timeout: .milliseconds(300))
        #expect(result.timedOut)
        #expect(result.exitCode == 124)
        #expect(result.observation.contains("[timed out after 1 s: the whole command was stopped]"))
        #expect(clock.now - start < .seconds(5))
        #expect(!FileManager.default.fileExists(atPath: workspace + "/late.txt"))
    }

    @Test func earlyReaderDoesNotHurtTheWriter() async {
        let result = await executor().run("awk 'BEGIN{for(i=0;i<200000;i++)print i}' | head -2")
        #expect(result.observation == "0\n1")
        #expect(result.exitCode == 0)
    }

    @Test func longOutputIsTruncated() async {
        let result = await executor(limit: 200).run("awk 'BEGIN{for(i=0;i<2000;i++)print \"row \" i}'")
        #expect(result.observation.contains("[output truncated: showing the first"))
        #expect(result.observation.hasPrefix("row 0\nrow 1\n"))
        #expect(result.observation.count < 400)
    }

    @Test func environmentIsMinimalAndCwdIsTheWorkspace() async {
        let e = executor()
        #expect(await e.run("ls").exitCode == 0)
        _ = await e.run("echo x > marker.txt")
        #expect(await e.run("ls").observation.contains("marker.txt"))
    }
}
