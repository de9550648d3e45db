import Foundation
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import Testing

/// `kubectl exec` end to end: the API server's WebSocket upgrade, the kubelet's `opslab pod-exec`, and both the
/// built-in kubectl and real kubectl 1.32 as clients.
@Suite("Live kubectl exec", .serialized)
struct ExecLiveTests {
    static let manifest = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
          - name: echo
            image: opslab/echo:1.0
            env: [{name: GREETING, value: hello}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: duo}
        spec:
          containers:
          - {name: first, image: opslab/echo:1.0, env: [{name: PORT, value: "8080"}]}
          - {name: second, image: opslab/echo:1.0, env: [{name: PORT, value: "8081"}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: broken}
        spec:
          containers:
          - {name: app, image: example.com/missing:1}
        """

    /// Hides the random exec id in the runtime's start failure.
    static func normalize(_ text: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"failed to start exec \"[0-9a-f]{64}\""#)
        let range = NSRange(text.startIndex..., in: text)
        return pattern.stringByReplacingMatches(in: text, range: range, withTemplate: "failed to start exec \"ID\"")
    }

    @Test("exec prints output, exit codes and errors like kubectl, from both kubectls")
    func exec() async throws {
        let cluster = try await LiveCluster.start()
        defer { Task { await cluster.stop() } }
        let applied = await cluster.kubectl.run(["apply", "-f", "-"], stdin: Data(Self.manifest.utf8))
        #expect(applied.exitCode == 0, "apply: \(applied.stderr)")
        try await cluster.eventually(30, "web and duo running") {
            let running = try await cluster.pods().filter(isRunningAndReady).map(\.name)
            return running.contains("web") && running.contains("duo")
        }

        let env = await cluster.run("exec", "web", "--", "env")
        #expect(env.exitCode == 0, "\(env.stderr)")
        #expect(env.stdout.contains("POD_NAME=web\n"))
        #expect(env.stdout.contains("GREETING=hello\n"))

        let exit3 = await cluster.run("exec", "web", "--", "sh", "-c", "exit 3")
        #expect(exit3.exitCode == 3)
        #expect(exit3.stderr == "command terminated with exit code 3\n")

        let unknown = await cluster.run("exec", "web", "--", "foo")
        #expect(unknown.exitCode == 1)
        #expect(
            Self.normalize(unknown.stderr)
                == "error: Internal error occurred: error executing command in container: failed to exec in "
                + "container: failed to start exec \"ID\": OCI runtime exec failed: exec failed: unable to start "
                + "container process: exec: \"foo\": executable file not found in $PATH: unknown\n")

        let stdin = await cluster.kubectl.run(
            ["exec", "-i", "web", "--", "sh", "-c", "grep -v skip | wc -l"], stdin: Data("a\nskip\nb\n".utf8))
        #expect(stdin.stdout == "2\n", "\(stdin.stderr)")

        let defaulted = await cluster.run("exec", "duo", "--", "printenv", "PORT")
        #expect(defaulted.stdout == "8080\n")
        #expect(defaulted.stderr == "Defaulted container \"first\" out of: first, second\n")
        #expect(await cluster.run("exec", "duo", "-c", "second", "--", "printenv", "PORT").stdout == "8081\n")

        let notRunning = await cluster.run("exec", "broken", "--", "env")
        #expect(notRunning.stderr == "error: unable to upgrade connection: container not found (\"app\")\n")
        let missing = await cluster.run("exec", "nope", "--", "env")
        #expect(missing.stderr == "Error from server (NotFound): pods \"nope\" not found\n")

        guard realKubectlPath != nil else { return }
        let commands: [[String]] = [
            ["exec", "web", "--", "printenv", "POD_NAME"], ["exec", "web", "--", "sh", "-c", "exit 3"],
            ["exec", "web", "--", "foo"], ["exec", "web", "--", "sh", "-c", "echo out; echo err >&2; exit 4"],
            ["exec", "duo", "--", "hostname"], ["exec", "duo", "-c", "second", "--", "printenv", "PORT"],
            ["exec", "web", "-c", "bad", "--", "env"], ["exec", "nope", "--", "env"],
            ["exec", "broken", "--", "env"], ["exec", "pod/web", "--", "ls", "/nothere"],
        ]
        for command in commands {
            let real = try await RealKubectlTests.kubectl(cluster, command)
            let ours = await cluster.kubectl.run(command)
            let label = command.joined(separator: " ")
            #expect(ours.exitCode == real.exitCode, "exit code of `\(label)`")
            #expect(ours.stdout == real.stdout, "stdout of `\(label)`: kubectl \(real.stdout) opslab \(ours.stdout)")
            #expect(
                Self.normalize(ours.stderr) == Self.normalize(real.stderr),
                "stderr of `\(label)`: kubectl \(real.stderr) opslab \(ours.stderr)")
        }
        let piped = try await RealKubectlTests.kubectl(
            cluster, ["exec", "-i", "web", "--", "sh", "-c", "cat | head -n 1"], stdin: "first\nsecond\n")
        #expect(piped.stdout == "first\n", "\(piped.stderr)")
    }
}
