import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// `opslab shell` driven through a pipe, as a script would drive it: a whole episode on a live embedded cluster.
@Suite("Interactive shell live", .serialized)
struct InteractiveShellLiveTests {
    @Test(.timeLimit(.minutes(2)))
    func pipedEpisodeEvaluatesAndLeavesNothingBehind() async throws {
        let binary = try #require(SessionLiveTests.opslabBinary, "the opslab binary is not built; run `swift build`")
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-shell-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: results) }
        let script = [
            "problems --task detection",
            "kubectl get pods",
            "start revoke_auth_mongodb-detection-1",
            "help",
            #"exec_shell("kubectl get pods -n test-hotel-reservation")"#,
            #"submit("Yes")"#,
            "exit",
        ]
        let run = try await Self.shell(
            binary, arguments: ["--results", results, "--warm-up", "0", "--wait-after-injection", "0"],
            input: script.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let out = run.stdout
        #expect(out.contains("revoke_auth_mongodb-detection-1\n"))
        #expect(out.contains(#"exec_shell("kubectl get pods")"#), "the hint for a bare shell command")
        #expect(out.contains("Please take the next action"))
        #expect(out.contains("Actions:"), "help inside the episode lists the actions")
        #expect(out.contains("geo-"), "the observation of kubectl get pods: \(out)")
        #expect(out.contains(#"Detection Accuracy: "Correct""#), "\(out)")
        #expect(out.contains("steps: 2"))
        #expect(out.contains("(estimated)"))
        #expect(run.stderr.contains("cluster stopped"))
        let session = try #require(
            out.split(separator: "\n").first { $0.hasPrefix("Session:") }?.split(separator: " ").last.map(String.init))
        let file = try JSONValue(parsing: try String(contentsOfFile: "\(results)/\(session).json", encoding: .utf8))
        #expect(file["agent"]?.stringValue == "human")
        #expect(file["workload"]?["wait_after_injection"]?["condition"] == .string("none"))
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-session-\(session)").path
        #expect(!FileManager.default.fileExists(atPath: state), "the session's state directory was left behind")
        #expect(SessionLiveTests.podProcesses(under: state).isEmpty, "pod processes left behind")
    }

    @Test(.timeLimit(.minutes(1)))
    func endOfInputInsideAnEpisodeTearsDown() async throws {
        let binary = try #require(SessionLiveTests.opslabBinary, "the opslab binary is not built; run `swift build`")
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-shell-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: results) }
        let run = try await Self.shell(
            binary, arguments: ["--results", results, "--wait-after-injection", "0", "--workload-rate", "0"],
            input: "start noop_detection_hotel_reservation-1\n")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("the human left the episode (end of input)"))
        #expect(run.stderr.contains("recovered"))
        #expect(run.stderr.contains("cluster stopped"))
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: results)) ?? []
        let sessions = leftovers.filter { !$0.hasSuffix(".json") }
        for session in sessions {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-session-\(session)").path
            #expect(!FileManager.default.fileExists(atPath: state))
            #expect(SessionLiveTests.podProcesses(under: state).isEmpty)
        }
        #expect(sessions.count == 1)
    }

    /// Runs `opslab shell ARGS` with `input` on its standard input (a pipe) and waits for it to exit.
    static func shell(
        _ binary: String, arguments: [String], input: String
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["shell"] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        async let out = readAll(stdout.fileHandleForReading)
        async let err = readAll(stderr.fileHandleForReading)
        let (outData, errData) = await (out, err)
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    /// Reads a pipe to its end on a thread of its own (never blocking the concurrency pool).
    static func readAll(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: handle.readDataToEndOfFile()) }.start()
        }
    }
}
