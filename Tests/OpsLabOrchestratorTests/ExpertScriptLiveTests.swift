import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabFaults
import Testing

@testable import OpsLabOrchestrator

/// The expert scripts on live episodes: each fixes its problem, and all of them together harm no healthy app.
@Suite("Expert scripts live", .serialized)
struct ExpertScriptLiveTests {
    /// Problem ids from `OPSLAB_EXPERT_PROBLEMS` (comma-separated), else every registered mitigation problem
    /// (about 2 s per episode).
    static var selected: [String] {
        let value = ProcessInfo.processInfo.environment["OPSLAB_EXPERT_PROBLEMS"] ?? ""
        let ids = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return ids.isEmpty ? ExpertScripts.coverage.map(\.id) : ids
    }

    /// Runs one episode of `problem` with a replay agent; returns the result.
    static func episode(
        _ problem: String, _ lines: [String], resolver: SessionProblemResolver? = nil, maxSteps: Int = 10,
        mitigationTimeout: Duration = .seconds(60)
    ) async throws -> EvaluationResult {
        let binary = try #require(SessionLiveTests.opslabBinary, "the opslab binary is not built")
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-expert-\(UUID())").path
        let state = results + "-state"
        defer {
            try? FileManager.default.removeItem(atPath: results)
            try? FileManager.default.removeItem(atPath: state)
        }
        let configuration = OrchestratorConfiguration(
            stateDirectory: state, resultsDirectory: results, seed: 7, executablePath: binary,
            mitigationTimeout: mitigationTimeout, resolver: resolver ?? SessionProblem.registry)
        let orchestrator = Orchestrator(configuration: configuration)
        await orchestrator.register(agent: ReplayAgent(lines: lines), name: "expert")
        _ = try await orchestrator.initProblem(problem)
        let result = try await orchestrator.startProblem(maxSteps: maxSteps)
        #expect(SessionLiveTests.podProcesses(under: state).isEmpty, "pod processes left behind by \(problem)")
        return result
    }

    @Test(.timeLimit(.minutes(5)))
    func expertScriptsMitigate() async throws {
        for problem in Self.selected {
            let lines = try #require(ExpertScripts.mitigation(for: problem), "no script for \(problem)")
            let start = ContinuousClock.now
            let result = try await Self.episode(problem, lines)
            #expect(result.results["success"] == .bool(true), "\(problem): \(result.results.json.jsonString())")
            let refused = result.trace.steps.filter { $0.content.contains("is not allowed") }
            #expect(refused.isEmpty, "\(problem): \(refused.map(\.content))")
            print("expert \(problem): success=\(result.results["success"] ?? .null) in \(ContinuousClock.now - start)")
        }
    }

    /// The oracle is not vacuous on this path: submitting without the fix fails.
    @Test(.timeLimit(.minutes(1)))
    func submitWithoutTheFixFails() async throws {
        let result = try await Self.episode(
            "scale_pod_zero_hotel_res-mitigation-1", ["submit()"], mitigationTimeout: .seconds(3))
        #expect(result.results["success"] == .bool(false), "\(result.results.json.jsonString())")
    }

    /// Every script's shell actions, one after another, on the healthy app (no fault): the app must stay healthy.
    @Test(.timeLimit(.minutes(2)))
    func expertScriptsHarmNoHealthyApp() async throws {
        let commands = ExpertScripts.coverage.flatMap { ExpertScripts.mitigationCommands(for: $0.id) ?? [] }
        #expect(commands.count >= 7)
        let lines = commands.map(ExpertScripts.execShellLine) + ["submit()"]
        let controlID = "expert_control-mitigation-1"
        let resolver: SessionProblemResolver = { id in
            let definition = ProblemDefinition(
                id: try ProblemID(parsing: id), app: AppCatalog.hotelReservation, task: .mitigation,
                fault: NoopFault())
            return SessionProblem(definition: definition)
        }
        let result = try await Self.episode(controlID, lines, resolver: resolver, maxSteps: lines.count + 2)
        #expect(result.results["success"] == .bool(true), "\(result.results.json.jsonString())")
        #expect(result.results["steps"] == .int(Int64(lines.count)), "\(result.results.json.jsonString())")
    }
}
