import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// Runs one detection episode with the ``TelemetryEvidenceProbe`` investigation and reads back what it found.
///
/// Episodes of the live suite run one at a time (``gate``): each one is a whole embedded cluster with 17 pod
/// processes, the machine may have two cores, and the rest of the test suite runs beside them.
enum TelemetryEvidenceEpisode {
    /// Limits how many episodes run at once.
    static let gate = EpisodeGate(width: 1)

    /// The background workload of every episode, in requests per second. Lower than AIOpsLab's 10 (and
    /// container_kill's 100) because `get_traces` reads every trace of the last minute once per service, and
    /// reading Jaeger's JSON is slow in debug builds; 1 req/s keeps a
    /// failing path failing, and the investigation sends its own requests too.
    static let workloadRate: Double = 1

    /// Runs the detection problem of `evidence` with its investigation; returns the findings and the result.
    static func run(_ evidence: FaultEvidence) async throws -> (TelemetryEvidenceFindings, EvaluationResult) {
        let binary = try #require(SessionLiveTests.opslabBinary, "the opslab binary is not built; run `swift build`")
        await gate.enter()
        do {
            let outcome = try await episode(evidence, binary: binary)
            await gate.leave()
            return outcome
        } catch {
            await gate.leave()
            throw error
        }
    }

    private static func episode(
        _ evidence: FaultEvidence, binary: String
    ) async throws -> (TelemetryEvidenceFindings, EvaluationResult) {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-evidence-\(UUID())").path
        let state = results + "-state"
        defer {
            try? FileManager.default.removeItem(atPath: results)
            try? FileManager.default.removeItem(atPath: state)
        }
        let problemID = evidence.problemID
        let dump = ProcessInfo.processInfo.environment["OPSLAB_EVIDENCE_DUMP"]
        if let dump { try? FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true) }
        let progress = dump.map { folder in progressWriter(to: "\(folder)/\(problemID).progress") }
        var configuration = OrchestratorConfiguration(
            stateDirectory: state, resultsDirectory: results, seed: 11, executablePath: binary,
            workload: WorkloadPolicyOverrides(rate: workloadRate), progress: progress)
        configuration.scrapeInterval = .seconds(1)
        let orchestrator = Orchestrator(configuration: configuration)
        let steps = TelemetryEvidenceProbe.steps(for: evidence)
        let agent = TelemetryEvidenceAgent(steps: steps)
        await orchestrator.register(agent: agent, name: "evidence-probe")
        _ = try await orchestrator.initProblem(problemID)
        let result = try await orchestrator.startProblem(maxSteps: steps.count + 20 * evidence.metrics.count + 2)
        #expect(SessionLiveTests.podProcesses(under: state).isEmpty, "pod processes left behind by \(problemID)")
        let findings = TelemetryEvidenceFindings(await agent.transcript)
        if let folder = dump {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try? findings.transcript.write(toFile: "\(folder)/\(problemID).txt", atomically: true, encoding: .utf8)
        }
        return (findings, result)
    }
}

extension TelemetryEvidenceEpisode {
    /// A progress callback that appends time-stamped lines to `path` (for `OPSLAB_EVIDENCE_DUMP`).
    static func progressWriter(to path: String) -> @Sendable (String) -> Void {
        { line in
            let stamped = Data("\(Date().timeIntervalSince1970) \(line)\n".utf8)
            if let handle = FileHandle(forWritingAtPath: path) {
                _ = try? handle.seekToEnd()
                try? handle.write(contentsOf: stamped)
                try? handle.close()
            } else {
                _ = FileManager.default.createFile(atPath: path, contents: stamped)
            }
        }
    }
}

/// A counting semaphore for async tasks: at most `width` holders at once, the rest wait in order.
actor EpisodeGate {
    private let width: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Creates a gate of `width` places.
    init(width: Int) {
        self.width = max(1, width)
    }

    /// Waits for a place.
    func enter() async {
        if holders < width {
            holders += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives a place back (to the next waiter, if any).
    func leave() {
        if waiting.isEmpty {
            holders -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
