import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// Agents reporting their token usage, and how results label reported and estimated counts.
@Suite("Agent token usage")
struct AgentTokenUsageTests {
    @Test func replayCommentsReportTheNextActionsUsage() async throws {
        let agent = ReplayAgent(lines: [
            "# tokens: in=812 out=64", #"exec_shell("kubectl get pods -n test-hotel-reservation")"#,
            "# an ordinary comment", #"submit("Yes")"#, "#tokens out=5 in=100", "submit()",
        ])
        let first = try await agent.respond(to: "state")
        #expect(first.usage == ReportedTokenUsage(input: 812, output: 64))
        #expect(first.text.hasPrefix("```\nexec_shell("))
        #expect(try await agent.respond(to: "state").usage == nil)
        #expect(try await agent.respond(to: "state").usage == ReportedTokenUsage(input: 100, output: 5))
        #expect(ReplayAgent.tokenComment("# tokens: in=1") == nil)
        #expect(ReplayAgent.tokenComment("# tokens in=x out=2") == nil)
        #expect(ReplayAgent.tokenComment("# look at tokens") == nil)
    }

    @Test func agentsWithoutUsageKeepWorkingThroughTheDefault() async throws {
        let response = try await PlainAgent().respond(to: "anything")
        #expect(response == AgentResponse(text: "```\nsubmit()\n```"))
    }

    @Test func summaryLabelsReportedAndEstimatedCounts() {
        func result(reported: Bool) -> EvaluationResult {
            var trace = SessionTrace()
            trace.append(
                TraceStep(
                    role: .assistant, content: "```\nsubmit(\"Yes\")\n```", timestamp: Date(),
                    reportedInputTokens: reported ? 900 : nil, reportedOutputTokens: reported ? 12 : nil))
            trace.append(TraceStep(role: .env, content: "Submission received.", timestamp: Date()))
            let start = Date()
            let input = EvaluationInput(
                task: .detection, truth: .noFault, submission: .detection(hasAnomaly: false),
                timing: EpisodeTiming(start: start, end: start),
                trace: trace)
            return EvaluationResult(
                agent: "a", sessionID: "s", problemID: ProblemID(family: "f", task: .detection), startTime: start,
                endTime: start, trace: trace, results: Evaluator.evaluate(input), groundTruth: .noFault, seed: 1,
                version: "t")
        }
        let reported = EpisodeSummary.text(result(reported: true), resultsDirectory: "/r")
        #expect(reported.contains("in_tokens: 900 (reported by the agent)"))
        #expect(reported.contains("out_tokens: 12 (reported by the agent)"))
        #expect(reported.contains("Result file: /r/s.json"))
        let estimated = EpisodeSummary.text(result(reported: false), resultsDirectory: "/r")
        #expect(estimated.contains("in_tokens: 5 (estimated)"))
        #expect(estimated.contains("tokens_estimated: true"))
    }
}

/// An agent that implements only `getAction`, as agents written before token reporting do.
struct PlainAgent: Agent {
    func getAction(_ state: String) async throws -> String { "```\nsubmit()\n```" }
}
