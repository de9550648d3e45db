import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// Whole episodes on a live embedded cluster, driven by scripted agents.
@Suite("Session live", .serialized)
struct SessionLiveTests {
    static let namespace = "test-hotel-reservation"

    static var opslabBinary: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return [".build/debug/opslab", ".build/x86_64-unknown-linux-gnu/debug/opslab"]
            .map { root.appendingPathComponent($0).path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs one episode in a fresh results directory; returns the result, the journal text and the results path.
    func episode(
        _ problem: String, _ lines: [String], mitigationTimeout: Duration = .seconds(20)
    ) async throws -> (EvaluationResult, String, String) {
        let agent = ReplayAgent(lines: lines)
        let binary = try #require(Self.opslabBinary, "the opslab binary is not built; run `swift build` first")
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-run-\(UUID())").path
        let state = results + "-state"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let configuration = OrchestratorConfiguration(
            stateDirectory: state, resultsDirectory: results, seed: 7, executablePath: binary,
            mitigationTimeout: mitigationTimeout)
        let orchestrator = Orchestrator(configuration: configuration)
        await orchestrator.register(agent: agent, name: "replay")
        let setup = try await orchestrator.initProblem(problem)
        #expect(!setup.description.contains(problem))
        #expect(Set(["exec_shell", "get_logs", "submit"]).isSubset(of: setup.actions.keys))
        let result = try await orchestrator.startProblem(maxSteps: 10)
        let journal = try String(
            contentsOfFile: "\(results)/\(result.sessionID)/trace.jsonl", encoding: .utf8)
        #expect(Self.podProcesses(under: state).isEmpty, "pod processes left behind")
        let seen = await agent.receivedStates.joined(separator: "\n")
        return (result, seen + "\n" + journal, results)
    }

    @Test(.timeLimit(.minutes(2)))
    func mitigationScriptFixesRevokedRole() async throws {
        let grant = #"db.getSiblingDB(\"admin\").grantRolesToUser(\"admin\", [{role: \"readWrite\", db: \"geo-db\"}])"#
        let lines = [
            #"exec_shell("kubectl get pods -n test-hotel-reservation")"#,
            "I think I should look at the pods",
            #"get_logs("test-hotel-reservation", "geo")"#,
            #"exec_shell("kubectl exec deploy/mongodb-geo -n test-hotel-reservation -- mongo admin -u root -p root "#
                + #"--authenticationDatabase admin --quiet --eval '\#(grant)'")"#,
            #"exec_shell("kubectl delete pod -l io.kompose.service=geo -n test-hotel-reservation")"#,
            "submit()",
        ]
        let (result, journal, results) = try await episode("revoke_auth_mongodb-mitigation-1", lines)
        defer { try? FileManager.default.removeItem(atPath: results) }
        let steps = result.trace.steps
        #expect(steps.count == 12)
        let lineCount = try String(contentsOfFile: "\(results)/\(result.sessionID)/trace.jsonl", encoding: .utf8)
            .split(separator: "\n").count
        #expect(lineCount == steps.count)
        #expect(steps[1].content.contains("geo-"), "kubectl get pods: \(steps[1].content)")
        #expect(steps[3].content.contains("Respond with one code block"), "malformed: \(steps[3].content)")
        #expect(steps[4].content.contains("get_logs"))
        #expect(result.results["success"] == .bool(true), "\(result.results.json.jsonString())")
        #expect(result.results["steps"] == .int(6))
        let path = "\(results)/\(result.sessionID).json"
        let file = try JSONValue(parsing: try String(contentsOfFile: path, encoding: .utf8))
        #expect(file["problem_id"]?.stringValue == "revoke_auth_mongodb-mitigation-1")
        Self.expectNoLeak(journal, secrets: ["revoke_auth", "RevokeAuth", "mitigation-1", "inject"])
    }

    @Test(.timeLimit(.minutes(2)))
    func detectionSubmitYesIsCorrect() async throws {
        let lines = [
            "# tokens: in=500 out=20", #"exec_shell("kubectl get pods -n test-hotel-reservation")"#,
            "# tokens: in=700 out=9", #"submit("Yes")"#,
        ]
        let (result, journal, results) = try await episode("revoke_auth_mongodb-detection-1", lines)
        defer { try? FileManager.default.removeItem(atPath: results) }
        #expect(result.results["Detection Accuracy"] == .string("Correct"), "\(result.results.json.jsonString())")
        #expect(result.results["tokens_estimated"] == .bool(false))
        #expect(result.results["in_tokens"] == .int(1200))
        #expect(result.results["out_tokens"] == .int(29))
        let file = try JSONValue(
            parsing: try String(contentsOfFile: "\(results)/\(result.sessionID).json", encoding: .utf8))
        let workload = try #require(file["workload"], "the results file records the workload policy")
        #expect(workload["rate"]?.doubleValue == 10)
        #expect(workload["wait_after_injection"]?["condition"] == .string("crash_loop"))
        #expect(workload["symptom"]?.stringValue != nil, "the crash loop was never seen: \(workload.jsonString())")
        let pods = result.trace.steps[1].content
        // geo crash-loops: between two crashes its line may read Running 1/1, but never with zero restarts.
        let geoRestarted = pods.split(separator: "\n").contains { line in
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            return line.hasPrefix("geo-") && columns.count > 3 && (Int(columns[3]) ?? 0) > 0
        }
        #expect(
            ["CrashLoopBackOff", "Error", "0/1"].contains { pods.contains($0) } || geoRestarted,
            "the first observation should show the fault's symptom: \(pods)")
        #expect(result.solution == .string("Yes"))
        #expect(result.trace.steps.count == 4)
        let lineCount = try String(contentsOfFile: "\(results)/\(result.sessionID)/trace.jsonl", encoding: .utf8)
            .split(separator: "\n").count
        #expect(lineCount == 4)
        Self.expectNoLeak(journal, secrets: ["revoke_auth", "RevokeAuth", "detection-1", "inject"])
    }

    @Test(.timeLimit(.minutes(1)))
    func mitigationWithoutAFixFails() async throws {
        let lines = [#"get_logs("test-hotel-reservation", "nosuchservice")"#, "submit()"]
        let (result, _, results) = try await episode(
            "revoke_auth_mongodb-mitigation-1", lines, mitigationTimeout: .seconds(3))
        defer { try? FileManager.default.removeItem(atPath: results) }
        #expect(result.trace.steps[1].content.contains("does not exist"))
        #expect(result.results["tokens_estimated"] == .bool(true))
        #expect(result.results["success"] == .bool(false), "\(result.results.json.jsonString())")
    }

    @Test(.timeLimit(.minutes(1)))
    func agentErrorStillTearsDown() async throws {
        let binary = try #require(Self.opslabBinary, "the opslab binary is not built; run `swift build` first")
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-run-\(UUID())").path
        let state = results + "-state"
        defer {
            try? FileManager.default.removeItem(atPath: results)
            try? FileManager.default.removeItem(atPath: state)
        }
        let orchestrator = Orchestrator(
            configuration: OrchestratorConfiguration(
                stateDirectory: state, resultsDirectory: results, executablePath: binary))
        await orchestrator.register(agent: FailingAgent(), name: "failing")
        _ = try await orchestrator.initProblem("revoke_auth_mongodb-detection-1")
        await #expect(throws: FailingAgent.Failure.self) { try await orchestrator.startProblem(maxSteps: 5) }
        #expect(Self.podProcesses(under: state).isEmpty, "pod processes left behind")
        #expect(await orchestrator.sessionID == nil)
    }

    /// Greps everything the agent was sent plus the whole journal for the problem id and fault name.
    static func expectNoLeak(_ text: String, secrets: [String]) {
        #expect(text.contains("Please take the next action"))
        for secret in secrets {
            #expect(!text.localizedCaseInsensitiveContains(secret), "the episode leaks \(secret)")
        }
    }

    /// Live (non-zombie) pod processes whose working directory lies in a cluster's state directory: other
    /// suites run clusters in this test process at the same time, so only this session's pods count.
    static func podProcesses(under stateDirectory: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard let state = fields.first, state != "Z" else { return false }
            let cwd = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) ?? ""
            return cwd.hasPrefix(stateDirectory)
        }
    }
}

/// An agent whose model call always fails.
struct FailingAgent: Agent {
    struct Failure: Error {}

    func getAction(_ state: String) async throws -> String { throw Failure() }
}
