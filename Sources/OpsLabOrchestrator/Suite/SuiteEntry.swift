import Foundation
import OpsLabCore

/// One problem's line in a suite run: its id, task, whether the agent got it right, and the timings.
public struct SuiteEntry: Sendable, Hashable {
    /// The problem id.
    public var problemID: String
    /// The task kind.
    public var task: TaskKind
    /// The outcome in the task's own terms: `Correct`/`Incorrect`/`Invalid Format` for detection, else
    /// `success`/`failure` (localization adds its accuracy), or `error: …` when the episode could not run.
    public var outcome: String
    /// Whether the agent solved the problem (detection Correct, or `success` true).
    public var solved: Bool
    /// Agent turns.
    public var steps: Int
    /// TTD/TTL/TTA/TTM in seconds.
    public var timeToX: Double?
    /// Seconds from setup start to the first observation the agent received.
    public var firstObservation: Double?
    /// Wall time not spent in the agent, seconds.
    public var frameworkOverhead: Double?
    /// Seconds of the whole episode as the suite saw it (setup to teardown).
    public var wallSeconds: Double

    /// Creates an entry.
    public init(
        problemID: String, task: TaskKind, outcome: String, solved: Bool, steps: Int, timeToX: Double?,
        firstObservation: Double?, frameworkOverhead: Double?, wallSeconds: Double
    ) {
        self.problemID = problemID
        self.task = task
        self.outcome = outcome
        self.solved = solved
        self.steps = steps
        self.timeToX = timeToX
        self.firstObservation = firstObservation
        self.frameworkOverhead = frameworkOverhead
        self.wallSeconds = wallSeconds
    }

    /// The entry of a finished episode.
    public init(result: EvaluationResult, wallSeconds: Double) {
        let metrics = result.results
        let task = result.problemID.task
        var outcome: String
        var solved: Bool
        switch task {
        case .detection:
            outcome = metrics["Detection Accuracy"]?.stringValue ?? "Invalid Format"
            solved = outcome == "Correct"
        default:
            solved = metrics["success"]?.boolValue ?? false
            outcome = solved ? "success" : "failure"
            if task == .localization, let accuracy = metrics["Localization Accuracy"]?.doubleValue {
                outcome += String(format: " (%.0f%%)", accuracy)
            }
        }
        self.init(
            problemID: result.problemID.description, task: task, outcome: outcome, solved: solved,
            steps: Int(metrics["steps"]?.intValue ?? 0), timeToX: metrics[task.timeMetricKey]?.doubleValue,
            firstObservation: metrics["first_observation_time"]?.doubleValue,
            frameworkOverhead: metrics["framework_overhead"]?.doubleValue, wallSeconds: wallSeconds)
    }

    /// The entry of an episode that failed to run.
    public init(problemID: String, task: TaskKind, error: String, wallSeconds: Double) {
        self.init(
            problemID: problemID, task: task, outcome: "error: \(error)", solved: false, steps: 0, timeToX: nil,
            firstObservation: nil, frameworkOverhead: nil, wallSeconds: wallSeconds)
    }

    /// The entry as JSON for the suite's summary file.
    public var json: JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
        return [
            "problem_id": .string(problemID), "task": .string(task.rawValue), "outcome": .string(outcome),
            "solved": .bool(solved), "steps": .int(Int64(steps)), "time_to_x": number(timeToX),
            "first_observation_time": number(firstObservation), "framework_overhead": number(frameworkOverhead),
            "wall_time": number(wallSeconds),
        ]
    }
}
