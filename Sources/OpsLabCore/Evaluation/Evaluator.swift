import Foundation

/// Everything a task's evaluation needs, as values (the mitigation verdict comes from the live oracle).
public struct EvaluationInput: Sendable, Hashable {
    /// The task kind.
    public var task: TaskKind
    /// The answer key.
    public var truth: GroundTruth
    /// The validated submission, or `nil` when the agent never submitted.
    public var submission: Submission?
    /// The episode's timestamps.
    public var timing: EpisodeTiming
    /// The episode's trace.
    public var trace: SessionTrace
    /// The mitigation oracle's verdict on the live system (mitigation only; `nil` counts as failure).
    public var mitigationSucceeded: Bool?

    /// Creates an input.
    public init(
        task: TaskKind, truth: GroundTruth, submission: Submission?, timing: EpisodeTiming, trace: SessionTrace,
        mitigationSucceeded: Bool? = nil
    ) {
        self.task = task
        self.truth = truth
        self.submission = submission
        self.timing = timing
        self.trace = trace
        self.mitigationSucceeded = mitigationSucceeded
    }
}

/// Computes a task's `results`, with the original's keys in the original's order, then OpsLab's extras.
///
/// Original keys: detection `Detection Accuracy`, `TTD`, `steps`, `in_tokens`, `out_tokens`;
/// localization `Localization Accuracy`, `TTL`, `steps`, `in_tokens`, `out_tokens`, `success`, `is_subset`;
/// analysis `system_level_correct`, `fault_type_correct`, `success`, `TTA`, `steps`, `in_tokens`,
/// `out_tokens`; mitigation `TTM`, `steps`, `in_tokens`, `out_tokens`, `success`.
/// Extras: localization `exact`, `Acc@1`, `Acc@3`; all `submitted`, `tokens_estimated`, and, when the
/// agent time is known, `agent_time` and `framework_overhead` (seconds); when setup was timed, `setup_time`
/// (setup start to the loop's start) and `first_observation_time` (setup start to the first observation the
/// agent receives), in seconds.
public enum Evaluator {
    /// The metrics for `input`.
    public static func evaluate(_ input: EvaluationInput) -> ResultMetrics {
        var metrics = ResultMetrics()
        let usage = input.trace.tokenUsage
        func common() {
            metrics[input.task.timeMetricKey] = .double(input.timing.timeToX)
            metrics["steps"] = .int(Int64(input.trace.agentSteps))
            metrics["in_tokens"] = .int(Int64(usage.input.value))
            metrics["out_tokens"] = .int(Int64(usage.output.value))
        }
        switch input.task {
        case .detection:
            let outcome = DetectionOutcome(submission: input.submission, truth: input.truth)
            metrics["Detection Accuracy"] = .string(outcome.rawValue)
            common()
        case .localization:
            let score = LocalizationScore(submission: input.submission, truth: input.truth)
            metrics["Localization Accuracy"] = .double(score.accuracy)
            common()
            metrics["success"] = .bool(score.success)
            metrics["is_subset"] = .bool(score.isSubset)
            metrics["exact"] = .bool(score.exact)
            metrics["Acc@1"] = .double(score.accuracy(at: 1))
            metrics["Acc@3"] = .double(score.accuracy(at: 3))
        case .analysis:
            let score = AnalysisScore(submission: input.submission, truth: input.truth)
            metrics["system_level_correct"] = .bool(score.systemLevelCorrect)
            metrics["fault_type_correct"] = .bool(score.faultTypeCorrect)
            metrics["success"] = .bool(score.success)
            common()
        case .mitigation:
            common()
            metrics["success"] = .bool(input.mitigationSucceeded ?? false)
        }
        metrics["submitted"] = .bool(input.submission != nil)
        metrics["tokens_estimated"] = .bool(usage.isEstimated)
        if let agentSeconds = input.timing.agentSeconds, let overhead = input.timing.frameworkOverhead {
            metrics["agent_time"] = .double(agentSeconds)
            metrics["framework_overhead"] = .double(overhead)
        }
        if let setupStart = input.timing.setupStart {
            metrics["setup_time"] = .double(input.timing.start.timeIntervalSince(setupStart))
            if let first = input.trace.steps.first(where: { $0.role == .env }) {
                metrics["first_observation_time"] = .double(first.timestamp.timeIntervalSince(setupStart))
            }
        }
        return metrics
    }
}
