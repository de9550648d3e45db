import Foundation
import OpsLabApps
import Synchronization
import Testing

/// The commands `opslab pod-exec` provides inside a pod, run in-process against a temporary container root.
@Suite("exec tools and shell")
struct ExecToolsTests {
    /// Runs a command line in an image and returns (outcome, stdout, stderr).
    static func run(
        _ arguments: [String], image: String = "opslab/echo:1.0", stdin: String = "",
        environment: [String: String] = ["HOSTNAME": "web-0", "POD_NAME": "web-0", "GREETING": "hi there"]
    ) async throws -> (PodTools.Outcome, String, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("exec-tools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        try Data("line one\nline two\nthird\n".utf8).write(to: root.appendingPathComponent("etc/motd"))
        defer { try? FileManager.default.removeItem(at: root) }
        let out = Mutex(Data())
        let err = Mutex(Data())
        let context = ToolContext(
            image: image, environment: environment, rootDirectory: root.path,
            readStandardInput: { Data(stdin.utf8) },
            writeOutput: { data in out.withLock { $0.append(data) } },
            writeError: { data in err.withLock { $0.append(data) } })
        let outcome = await PodTools.run(arguments, context: context)
        return (
            outcome, String(decoding: out.withLock { $0 }, as: UTF8.self),
            String(decoding: err.withLock { $0 }, as: UTF8.self)
        )
    }

    @Test("env, printenv, hostname, echo, id and cat behave like coreutils")
    func basics() async throws {
        let (envOutcome, env, _) = try await Self.run(["env"])
        #expect(envOutcome == .exited(0))
        #expect(env.contains("POD_NAME=web-0\n"))
        #expect(try await Self.run(["printenv", "GREETING"]).1 == "hi there\n")
        #expect(try await Self.run(["printenv", "MISSING"]).0 == .exited(1))
        #expect(try await Self.run(["/bin/hostname"]).1 == "web-0\n")
        #expect(try await Self.run(["echo", "-n", "a", "b"]).1 == "a b")
        #expect(try await Self.run(["id"]).1 == "uid=0(root) gid=0(root) groups=0(root)\n")
        #expect(try await Self.run(["cat", "/etc/motd"]).1 == "line one\nline two\nthird\n")
        let (missing, _, error) = try await Self.run(["cat", "/../../etc/passwd"])
        #expect(missing == .exited(1))
        #expect(error == "cat: /../../etc/passwd: No such file or directory\n")
        #expect(try await Self.run(["ls", "/"]).1 == "etc\n")
        #expect(try await Self.run(["false"]).0 == .exited(1))
        #expect(try await Self.run(["cat"], stdin: "piped").1 == "piped")
    }

    @Test("an unknown command reports the OCI runtime's message; mongo exists only in mongo images")
    func unknownCommands() async throws {
        let (outcome, _, _) = try await Self.run(["foo"])
        #expect(
            outcome
                == .notFound(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"foo\": "
                        + "executable file not found in $PATH: unknown"))
        if case .notFound = try await Self.run(["mongo", "--version"]).0 {
        } else {
            Issue.record("mongo should not exist in the echo image")
        }
        #expect(PodTools.commands(image: "mongo:4.4.6").contains("mongo"))
        #expect(PodTools.commands(image: "docker.io/library/mongo").contains("mongo"))
        #expect(!PodTools.commands(image: "opslab/echo:1.0").contains("mongo"))
    }

    @Test("sh -c runs ; && || pipelines, variables, redirections and exit codes")
    func shell() async throws {
        #expect(try await Self.run(["sh", "-c", "exit 3"]).0 == .exited(3))
        #expect(try await Self.run(["sh", "-c", "echo $POD_NAME; echo \"${GREETING}!\""]).1 == "web-0\nhi there!\n")
        #expect(try await Self.run(["sh", "-c", "false && echo no || echo yes"]).1 == "yes\n")
        #expect(try await Self.run(["sh", "-c", "false; echo $?"]).1 == "1\n")
        #expect(try await Self.run(["sh", "-c", "cat /etc/motd | grep line | head -n 1"]).1 == "line one\n")
        #expect(try await Self.run(["sh", "-c", "env | grep -c POD_NAME"]).1 == "1\n")
        #expect(try await Self.run(["sh", "-c", "X='a b'; echo \"$X\" 'lit $X'"]).1 == "a b lit $X\n")
        let (missing, _, error) = try await Self.run(["sh", "-c", "foo bar"])
        #expect(missing == .exited(127))
        #expect(error == "sh: 1: foo: not found\n")
        #expect(try await Self.run(["bash", "-c", "nope"]).2 == "bash: line 1: nope: command not found\n")
        let redirected = try await Self.run(["sh", "-c", "ls /nothere 2>&1 | wc -l; echo err >&2"])
        #expect(redirected.1 == "1\n")
        #expect(redirected.2 == "err\n")
        #expect(try await Self.run(["sh", "-c", "echo 'unterminated"]).0 == .exited(2))
        #expect(try await Self.run(["sh"], stdin: "echo from-stdin").1 == "from-stdin\n")
    }

    @Test("the shell parser splits steps, pipelines and assignments")
    func parser() throws {
        let script = try ShellScript(parsing: "A=1 env | grep A && echo ok; true")
        #expect(script.steps.count == 3)
        #expect(script.steps[0].pipeline.count == 2)
        #expect(script.steps[0].pipeline[0].assignments.map(\.0) == ["A"])
        #expect(script.steps[1].connector == .ifSuccess)
        #expect(script.steps[2].connector == .always)
        #expect(throws: ShellScript.SyntaxError.self) { try ShellScript(parsing: "| grep x") }
        #expect(throws: ShellScript.SyntaxError.self) { try ShellScript(parsing: "echo a &&") }
    }
}
