import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// Session pieces as values: replay scripts, the journal files, problem resolution and the prompt.
@Suite("Session units")
struct SessionUnitTests {
    @Test func replayScriptFencesBareLinesAndSkipsComments() {
        let responses = ReplayAgent.responses(from: [
            "# inspect first", "", #"exec_shell("kubectl get pods -n test-hotel-reservation")"#,
            "```\nsubmit()\n```",
        ])
        #expect(
            responses == [
                "```\nexec_shell(\"kubectl get pods -n test-hotel-reservation\")\n```", "```\nsubmit()\n```",
            ])
    }

    @Test func replayAgentAnswersInOrderThenReportsExhaustion() async throws {
        let agent = ReplayAgent(script: "submit()\n")
        let first = try await agent.getAction("state one")
        #expect(first == "```\nsubmit()\n```")
        await #expect(throws: ReplayAgentError.exhausted) { try await agent.getAction("state two") }
        #expect(await agent.receivedStates == ["state one", "state two"])
    }

    @Test func journalAppendsLinesAndWritesTheResultAtomically() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = SessionJournal(resultsDirectory: directory, sessionID: "s1")
        try journal.prepare()
        var trace = SessionTrace()
        try journal.append(trace.append(TraceStep(role: .assistant, content: "a\nb", timestamp: Date())))
        try journal.append(trace.append(TraceStep(role: .env, content: "ok", timestamp: Date())))
        let text = try String(contentsOfFile: journal.tracePath, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2)
        #expect(try SessionTrace(jsonl: text).steps.map(\.content) == ["a\nb", "ok"])
        let start = Date()
        let result = EvaluationResult(
            agent: "replay", sessionID: "s1", problemID: ProblemID(family: "x", task: .detection), startTime: start,
            endTime: start, trace: trace, results: ResultMetrics(), groundTruth: .noFault, seed: 1, version: "t")
        try journal.writeResult(result)
        let written = try JSONValue(parsing: try String(contentsOfFile: journal.resultPath, encoding: .utf8))
        #expect(written["session_id"]?.stringValue == "s1")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func registryProblemPromptNamesNeitherProblemNorFault() throws {
        let problem = try SessionProblem.registry("revoke_auth_mongodb-mitigation-1")
        #expect(problem.task == .mitigation)
        #expect(problem.actions.names.prefix(2) == ["exec_shell", "get_logs"])
        #expect(problem.actions.names.last == "submit")
        for secret in [problem.id, problem.fault.name, "revoke", "RevokeAuth"] {
            #expect(!problem.prompt.contains(secret), "prompt leaks \(secret)")
        }
        #expect(problem.prompt.contains("test-hotel-reservation"))
    }

    @Test func unknownProblemIsRejected() {
        #expect(throws: (any Error).self) { try SessionProblem.registry("no_such_problem-detection-1") }
    }

    @Test func stepSummaryIsOneShortLine() {
        let long = String(repeating: "x", count: 300)
        #expect(SessionEpisode.summary("```\nsubmit()\n```") == "submit()")
        #expect(SessionEpisode.summary("line one\n\(long)") == "line one")
        #expect(SessionEpisode.summary(long).count == 100)
    }
}
