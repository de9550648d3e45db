import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// The heuristic agent through the Orchestrator on a live embedded cluster.
@Suite("Heuristic agent live", .serialized)
struct HeuristicAgentLiveTests {
    /// Runs one episode with a fresh heuristic agent; returns the result and everything the agent was sent.
    func episode(_ problem: String) async throws -> (EvaluationResult, String) {
        let binary = try #require(SessionLiveTests.opslabBinary, "the opslab binary is not built; run `swift build`")
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-heur-\(UUID())").path
        let state = results + "-state"
        defer {
            try? FileManager.default.removeItem(atPath: results)
            try? FileManager.default.removeItem(atPath: state)
        }
        let configuration = OrchestratorConfiguration(
            stateDirectory: state, resultsDirectory: results, seed: 7, executablePath: binary,
            mitigationTimeout: .seconds(30))
        let orchestrator = Orchestrator(configuration: configuration)
        let agent = HeuristicAgent(settleDelay: .seconds(4))
        await orchestrator.register(agent: agent, name: "heuristic")
        _ = try await orchestrator.initProblem(problem)
        let result = try await orchestrator.startProblem(maxSteps: 20)
        #expect(SessionLiveTests.podProcesses(under: state).isEmpty, "pod processes left behind")
        let sent = result.trace.steps.map(\.content).joined(separator: "\n")
        return (result, sent)
    }

    @Test(.timeLimit(.minutes(3)))
    func mitigatesARevokedRole() async throws {
        let (result, sent) = try await episode("revoke_auth_mongodb-mitigation-1")
        #expect(result.results["success"] == .bool(true), "\(result.results.json.jsonString())")
        #expect(sent.contains("grantRolesToUser"), "the agent never granted the role back")
        #expect(result.trace.steps.count <= 30)
    }

    @Test(.timeLimit(.minutes(3)))
    func findsNothingWithoutAFault() async throws {
        let (result, sent) = try await episode("noop_detection_hotel_reservation-1")
        #expect(result.solution == .string("No"), "what the agent saw:\n\(sent)")
        #expect(result.results["Detection Accuracy"] == .string("Correct"), "\(result.results.json.jsonString())")
    }
}
