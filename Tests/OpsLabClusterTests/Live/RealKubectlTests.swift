import Foundation
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import Subprocess
import Testing

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs the real `kubectl` binary and the built-in one against the same live cluster and compares what they print.
/// The real kubectl on the PATH, if any (CI installs one).
let realKubectlPath: String? = {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
    return paths.map { "\($0)/kubectl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

@Suite("real kubectl against the embedded cluster", .serialized, .enabled(if: realKubectlPath != nil))
struct RealKubectlTests {

    /// Runs real kubectl with the cluster's kubeconfig and a private discovery cache.
    static func kubectl(_ cluster: LiveCluster, _ arguments: [String], stdin: String? = nil) async throws -> CLI.Output
    {
        let path = try #require(realKubectlPath)
        let cache = cluster.configuration.stateDirectory + "/kubectl-cache"
        let all = ["--kubeconfig", cluster.configuration.kubeconfigPath, "--cache-dir", cache] + arguments
        let result: ExecutionResult<Void, StringOutput<Unicode.UTF8>, StringOutput<Unicode.UTF8>>
        if let stdin {
            result = try await Subprocess.run(
                .path(FilePath(path)), arguments: Arguments(all), input: .string(stdin),
                output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
        } else {
            result = try await Subprocess.run(
                .path(FilePath(path)), arguments: Arguments(all), output: .string(limit: 1 << 20),
                error: .string(limit: 1 << 20))
        }
        var code: Int32 = -1
        if case .exited(let value) = result.terminationStatus { code = Int32(value) }
        return CLI.Output(exitCode: code, stdout: result.standardOutput, stderr: result.standardError)
    }

    /// Replaces ages (`5s`, `3m12s`, `(2s ago)`) so two runs a moment apart compare equal.
    static func normalize(_ text: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"\b(\d+[smhdy])+\b"#)
        let range = NSRange(text.startIndex..., in: text)
        let replaced = pattern.stringByReplacingMatches(in: text, range: range, withTemplate: "AGE")
        // Column widths depend on the age text; compare cells, not spacing, after the replacement.
        return replaced.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            .joined(separator: "\n")
    }

    @Test("get, -o yaml/json/name/jsonpath, errors and apply print the same as kubectl 1.32")
    func sameOutput() async throws {
        let cluster = try await LiveCluster.start()
        defer { Task { await cluster.stop() } }
        let applied = try await Self.kubectl(cluster, ["apply", "-f", "-"], stdin: EchoScenarioTests.manifest)
        #expect(applied.exitCode == 0, "real kubectl apply: \(applied.stderr)")
        #expect(applied.stdout.contains("deployment.apps/echo created"))
        try await cluster.eventually(30, "echo pods ready") {
            try await cluster.pods(selector: "app=echo").filter(isRunningAndReady).count == 2
        }
        try await cluster.eventually(10, "deployment status settled") {
            let deployment = try await cluster.client.get(.deployments, namespace: "default", name: "echo")
            return deployment[path: ["status", "availableReplicas"]]?.intValue == 2
        }
        let commands: [[String]] = [
            ["get", "nodes"], ["get", "nodes", "-o", "wide"], ["get", "pods"], ["get", "pods", "-o", "wide"],
            ["get", "pods", "-A"], ["get", "pods", "--show-labels"], ["get", "pods", "-l", "app=echo", "-o", "name"],
            ["get", "svc"], ["get", "svc", "-o", "wide"], ["get", "endpoints"], ["get", "deploy", "-o", "wide"],
            ["get", "rs"], ["get", "all"], ["get", "pods,svc"], ["get", "ns"],
            ["get", "deploy", "echo", "-o", "yaml"], ["get", "svc", "echo", "-o", "yaml"],
            ["get", "deploy", "echo", "-o", "jsonpath={.spec.replicas} {.status.readyReplicas}"],
            ["get", "pods", "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}"],
            ["get", "pod", "does-not-exist"], ["get", "deployments.apps", "nope", "-n", "default"],
            ["get", "pods", "-n", "empty-namespace"], ["get", "frobnicators"],
            ["scale", "deploy", "echo", "--replicas=2"],
        ]
        // Mutations run once per object: real kubectl changes Service echo, ours an identical echo-twin.
        var twin = try await cluster.client.get(.services, namespace: "default", name: "echo")
        twin.name = "echo-twin"
        for field in ["uid", "resourceVersion", "creationTimestamp"] { twin[path: ["metadata", field]] = nil }
        twin[path: ["spec", "clusterIP"]] = nil
        twin[path: ["spec", "clusterIPs"]] = nil
        _ = try await cluster.client.create(.services, namespace: "default", object: twin)
        let mutations: [[String]] = [
            ["label", "svc", "NAME", "tier=web"], ["annotate", "svc", "NAME", "note=hi"],
            ["label", "svc", "NAME", "tier=db"], ["label", "svc", "NAME", "tier=db", "--overwrite"],
            ["label", "svc", "NAME", "tier-"], ["annotate", "svc", "NAME", "note-"],
        ]
        for mutation in mutations {
            let real = try await Self.kubectl(cluster, mutation.map { $0 == "NAME" ? "echo" : $0 })
            let ours = await cluster.kubectl.run(mutation.map { $0 == "NAME" ? "echo-twin" : $0 })
            let label = mutation.joined(separator: " ")
            #expect(ours.exitCode == real.exitCode, "exit code of `\(label)`")
            #expect(
                ours.stdout.replacingOccurrences(of: "echo-twin", with: "echo") == real.stdout,
                "stdout of `\(label)`: kubectl \(real.stdout) opslab \(ours.stdout)")
            #expect(
                ours.stderr.replacingOccurrences(of: "echo-twin", with: "echo") == real.stderr,
                "stderr of `\(label)`: kubectl \(real.stderr) opslab \(ours.stderr)")
        }
        // kubectl prints -o json in Go struct order; compare the documents, not the key order.
        let realJSON = try await Self.kubectl(cluster, ["get", "svc", "echo", "-o", "json"])
        let ourJSON = await cluster.kubectl.run(["get", "svc", "echo", "-o", "json"])
        #expect(try JSONValue(parsing: realJSON.stdout) == JSONValue(parsing: ourJSON.stdout))
        for command in commands {
            let real = try await Self.kubectl(cluster, command)
            let ours = await cluster.kubectl.run(command)
            let label = command.joined(separator: " ")
            #expect(ours.exitCode == real.exitCode, "exit code of `\(label)`")
            #expect(
                Self.normalize(ours.stdout) == Self.normalize(real.stdout),
                "stdout of `\(label)`\n--- kubectl:\n\(real.stdout)\n--- opslab:\n\(ours.stdout)")
            #expect(
                Self.normalize(ours.stderr) == Self.normalize(real.stderr),
                "stderr of `\(label)`\n--- kubectl:\n\(real.stderr)\n--- opslab:\n\(ours.stderr)")
        }
    }

    @Test("kubectl apply validates on the server, and delete waits through a watch")
    func applyAndDelete() async throws {
        let cluster = try await LiveCluster.start()
        defer { Task { await cluster.stop() } }
        let bad = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: bad}
            spec:
              replica: 2
              selector: {matchLabels: {app: bad}}
              template:
                metadata: {labels: {app: bad}}
                spec:
                  containers: [{name: c, image: opslab/echo:1.0}]
            """
        let strict = try await Self.kubectl(cluster, ["apply", "-f", "-"], stdin: bad)
        #expect(strict.exitCode != 0)
        #expect(strict.stderr.contains("unknown field \"spec.replica\""), "\(strict.stderr)")
        let negative = bad.replacingOccurrences(of: "replica: 2", with: "replicas: -1")
        let invalid = try await Self.kubectl(cluster, ["apply", "-f", "-"], stdin: negative)
        #expect(invalid.exitCode != 0)
        #expect(
            invalid.stderr.contains(
                "The Deployment \"bad\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
            ),
            "\(invalid.stderr)")
        // Generator commands send protobuf, which is refused with advice rather than misread.
        let generator = try await Self.kubectl(cluster, ["create", "namespace", "gen"])
        #expect(generator.exitCode != 0)
        #expect(generator.stderr.contains("use `kubectl apply -f` instead"), "\(generator.stderr)")

        let applied = try await Self.kubectl(cluster, ["apply", "-f", "-"], stdin: EchoScenarioTests.manifest)
        #expect(applied.exitCode == 0, "\(applied.stderr)")
        let again = try await Self.kubectl(cluster, ["apply", "-f", "-"], stdin: EchoScenarioTests.manifest)
        #expect(again.stdout.contains("deployment.apps/echo unchanged"), "\(again.stdout)\(again.stderr)")
        try await cluster.eventually(30, "echo pods ready") {
            try await cluster.pods(selector: "app=echo").filter(isRunningAndReady).count == 2
        }
        let status = try await Self.kubectl(cluster, ["rollout", "status", "deploy/echo", "--timeout=30s"])
        #expect(status.stdout.contains("successfully rolled out"), "\(status.stdout)\(status.stderr)")
        let pod = try #require(try await cluster.pods(selector: "app=echo").first)
        let deleted = try await Self.kubectl(cluster, ["delete", "pod", pod.name, "--timeout=30s"])
        #expect(deleted.exitCode == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("pod \"\(pod.name)\" deleted"))
        let gone = try await Self.kubectl(cluster, ["get", "pod", pod.name])
        #expect(gone.stderr.contains("Error from server (NotFound): pods \"\(pod.name)\" not found"))
        let restarted = try await Self.kubectl(cluster, ["rollout", "restart", "deploy/echo"])
        #expect(restarted.stdout.contains("deployment.apps/echo restarted"), "\(restarted.stderr)")
        let logs = try await Self.kubectl(cluster, ["logs", "deploy/echo", "--tail=1"])
        #expect(logs.exitCode == 0, "\(logs.stderr)")
    }
}
