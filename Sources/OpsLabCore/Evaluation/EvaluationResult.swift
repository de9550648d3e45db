import Foundation

/// A finished episode in the original's result-file shape, plus OpsLab's ground truth, seed and version.
public struct EvaluationResult: Sendable, Hashable {
    /// The agent's registered name.
    public var agent: String
    /// The session's id (a UUID string).
    public var sessionID: String
    /// The problem.
    public var problemID: ProblemID
    /// The agent loop's start (the original's `start_time`).
    public var startTime: Date
    /// The agent loop's end (the original's `end_time`).
    public var endTime: Date
    /// The trace.
    public var trace: SessionTrace
    /// The metrics.
    public var results: ResultMetrics
    /// The answer key the episode was scored against.
    public var groundTruth: GroundTruth
    /// The submitted solution as the original records it (`null` without a submission).
    public var solution: JSONValue
    /// The seed that fixed workload and fault parameters.
    public var seed: UInt64
    /// The OpsLab version that produced the result.
    public var version: String

    /// Creates a result.
    public init(
        agent: String, sessionID: String, problemID: ProblemID, startTime: Date, endTime: Date,
        trace: SessionTrace, results: ResultMetrics, groundTruth: GroundTruth, solution: JSONValue = .null,
        seed: UInt64, version: String
    ) {
        self.agent = agent
        self.sessionID = sessionID
        self.problemID = problemID
        self.startTime = startTime
        self.endTime = endTime
        self.trace = trace
        self.results = results
        self.groundTruth = groundTruth
        self.solution = solution
        self.seed = seed
        self.version = version
    }

    /// The result file's JSON: `agent`, `session_id`, `problem_id`, `start_time`, `end_time` (seconds since
    /// 1970), `trace` (`[{role, content}]`), `results`, then `ground_truth`, `solution`, `seed`, `version`.
    /// A seed above `Int64.max` is written as a decimal string.
    public var json: JSONValue {
        [
            "agent": .string(agent),
            "session_id": .string(sessionID),
            "problem_id": .string(problemID.description),
            "start_time": .double(startTime.timeIntervalSince1970),
            "end_time": .double(endTime.timeIntervalSince1970),
            "trace": trace.resultJSON,
            "results": results.json,
            "ground_truth": groundTruth.json,
            "solution": solution,
            "seed": seed <= UInt64(Int64.max) ? .int(Int64(seed)) : .string(String(seed)),
            "version": .string(version),
        ]
    }

    /// The original's file name: `<session_id>_<start_time>.json`.
    public var fileName: String {
        "\(sessionID)_\(startTime.timeIntervalSince1970).json"
    }
}
