import Foundation
import Testing

@testable import OpsLabCore

@Suite("Evaluator, results and session trace")
struct ResultTests {
    let t0 = Date(timeIntervalSince1970: 1_735_000_000)
    let truth = GroundTruth(
        faultyComponents: ["mongodb-geo"], aliases: ["mongodb-geo": ["geo"]], systemLevel: .application,
        faultType: .authenticationIssue)

    var trace: SessionTrace {
        var trace = SessionTrace()
        trace.append(TraceStep(role: .assistant, content: "```\nexec_shell(\"kubectl get pods\")\n```", timestamp: t0))
        trace.append(TraceStep(role: .env, content: "NAME READY\ngeo 0/1", timestamp: t0.addingTimeInterval(1)))
        trace.append(
            TraceStep(role: .assistant, content: "```\nsubmit(\"Yes\")\n```", timestamp: t0.addingTimeInterval(2)))
        trace.append(TraceStep(role: .env, content: "1", timestamp: t0.addingTimeInterval(2)))
        return trace
    }

    func input(
        _ task: TaskKind, _ submission: Submission?, mitigated: Bool? = nil, agent: Double? = nil
    )
        -> EvaluationInput
    {
        EvaluationInput(
            task: task, truth: truth, submission: submission,
            timing: EpisodeTiming(start: t0, end: t0.addingTimeInterval(42.5), agentSeconds: agent), trace: trace,
            mitigationSucceeded: mitigated)
    }

    @Test("detection keys in the original's order, then extras")
    func detectionKeys() {
        let metrics = Evaluator.evaluate(input(.detection, .detection(hasAnomaly: true), agent: 40))
        #expect(
            metrics.keys == [
                "Detection Accuracy", "TTD", "steps", "in_tokens", "out_tokens", "submitted", "tokens_estimated",
                "agent_time", "framework_overhead",
            ])
        #expect(metrics["Detection Accuracy"] == "Correct")
        #expect(metrics["TTD"] == 42.5)
        #expect(metrics["steps"] == 2)
        #expect(metrics["in_tokens"] == .int(Int64(TokenCount.estimate("NAME READY\ngeo 0/11").value)))
        #expect(metrics["tokens_estimated"] == true)
        #expect(metrics["framework_overhead"] == 2.5)
    }

    @Test("localization, analysis and mitigation keys and values")
    func otherTasks() {
        let localization = Evaluator.evaluate(input(.localization, .localization(["geo", "rate"])))
        #expect(
            localization.keys == [
                "Localization Accuracy", "TTL", "steps", "in_tokens", "out_tokens", "success", "is_subset", "exact",
                "Acc@1", "Acc@3", "submitted", "tokens_estimated",
            ])
        #expect(localization["Localization Accuracy"] == 50.0)
        #expect(localization["is_subset"] == true)
        #expect(localization["success"] == false)
        #expect(localization["Acc@1"] == 1.0)
        let analysis = Evaluator.evaluate(
            input(.analysis, .analysis(AnalysisAnswer(systemLevel: .application, faultType: .codeDefect))))
        #expect(Array(analysis.keys.prefix(4)) == ["system_level_correct", "fault_type_correct", "success", "TTA"])
        #expect(analysis["system_level_correct"] == true)
        #expect(analysis["fault_type_correct"] == false)
        let mitigated = Evaluator.evaluate(input(.mitigation, .mitigation, mitigated: true))
        #expect(Array(mitigated.keys.prefix(5)) == ["TTM", "steps", "in_tokens", "out_tokens", "success"])
        #expect(mitigated["success"] == true)
        let neverSubmitted = Evaluator.evaluate(input(.mitigation, nil))
        #expect(neverSubmitted["success"] == false)
        #expect(neverSubmitted["submitted"] == false)
    }

    @Test("result JSON has the original's shape plus ground truth, seed and version")
    func resultJSON() throws {
        let id = try ProblemID(parsing: "revoke_auth_mongodb-detection-1")
        let metrics = Evaluator.evaluate(input(.detection, .detection(hasAnomaly: true)))
        let result = EvaluationResult(
            agent: "heuristic", sessionID: "abc", problemID: id, startTime: t0, endTime: t0.addingTimeInterval(42.5),
            trace: trace, results: metrics, groundTruth: truth, solution: Submission.detection(hasAnomaly: true).json,
            seed: 7, version: "0.4.0")
        let json = result.json
        #expect(
            json.objectValue.map { Set($0.keys) } == [
                "agent", "session_id", "problem_id", "start_time", "end_time", "trace", "results", "ground_truth",
                "solution", "seed", "version",
            ])
        #expect(json["problem_id"] == "revoke_auth_mongodb-detection-1")
        #expect(json["start_time"] == 1_735_000_000.0)
        #expect(json["trace"]?[0] == ["role": "assistant", "content": "```\nexec_shell(\"kubectl get pods\")\n```"])
        #expect(json["trace"]?.arrayValue?.count == 4)
        #expect(json[path: ["results", "Detection Accuracy"]] == "Correct")
        #expect(json[path: ["ground_truth", "faulty_components"]] == ["mongodb-geo"])
        #expect(json["solution"] == "Yes")
        #expect(json["seed"] == 7)
        #expect(result.fileName == "abc_1735000000.0.json")
        var big = result
        big.seed = UInt64.max
        #expect(big.json["seed"] == .string("18446744073709551615"))
    }

    @Test("the trace journals one JSONL line per step and reads it back")
    func journal() throws {
        var journal = SessionTrace()
        let line = journal.append(
            TraceStep(
                role: .assistant, content: "line one\nline two", timestamp: t0, reportedInputTokens: 12,
                reportedOutputTokens: 3))
        #expect(!line.contains("\n"))
        #expect(try JSONValue(parsing: line)["content"] == "line one\nline two")
        #expect(try JSONValue(parsing: line)["input_tokens"] == 12)
        let full = trace.jsonl
        #expect(full.split(separator: "\n").count == 4)
        let back = try SessionTrace(jsonl: full + "\n")
        #expect(back == trace)
        #expect(back.agentSteps == 2)
        #expect(throws: JSONError.self) {
            try SessionTrace(jsonl: "{\"role\": \"user\", \"content\": \"x\", \"timestamp\": 1}")
        }
        #expect(throws: JSONError.self) { try SessionTrace(jsonl: "not json") }
    }

    @Test("result metrics keep order and replace in place")
    func orderedMetrics() {
        var metrics = ResultMetrics()
        metrics["b"] = 1
        metrics["a"] = 2
        metrics["b"] = 3
        #expect(metrics.keys == ["b", "a"])
        #expect(metrics["b"] == 3)
        metrics["b"] = nil
        #expect(metrics.keys == ["a"])
        #expect(metrics.json == ["a": 2])
    }
}

@Suite("Evaluator: setup timing")
struct EvaluatorSetupTimingTests {
    @Test("setup_time and first_observation_time count from setup start")
    func setupTiming() {
        let setup = Date(timeIntervalSince1970: 1_700_000_000)
        let start = setup.addingTimeInterval(2.5)
        var trace = SessionTrace()
        trace.append(TraceStep(role: .assistant, content: "x", timestamp: start.addingTimeInterval(0.1)))
        trace.append(TraceStep(role: .env, content: "y", timestamp: start.addingTimeInterval(0.75)))
        let timing = EpisodeTiming(setupStart: setup, start: start, end: start.addingTimeInterval(5), agentSeconds: 1)
        let metrics = Evaluator.evaluate(
            EvaluationInput(
                task: .detection, truth: GroundTruth(faultyComponents: ["geo"]), submission: nil, timing: timing,
                trace: trace))
        #expect(metrics["setup_time"] == 2.5)
        #expect(metrics["first_observation_time"] == 3.25)
        #expect(metrics["framework_overhead"] == 6.5)
    }
}
