import Foundation

/// The ordered steps of an episode; each step can be journaled as one JSONL line as it happens.
public struct SessionTrace: Sendable, Hashable {
    /// The steps in order.
    public var steps: [TraceStep]

    /// Creates a trace.
    public init(steps: [TraceStep] = []) {
        self.steps = steps
    }

    /// Appends a step and returns its journal line (no trailing newline).
    @discardableResult
    public mutating func append(_ step: TraceStep) -> String {
        steps.append(step)
        return Self.journalLine(step)
    }

    /// The number of agent turns (assistant items), the original's `steps` metric.
    public var agentSteps: Int { steps.filter { $0.role == .assistant }.count }

    /// One compact JSON line for `step`; newlines inside the content are escaped.
    public static func journalLine(_ step: TraceStep) -> String {
        step.json.jsonString()
    }

    /// The whole trace as JSONL, one line per step, each ending in a newline.
    public var jsonl: String {
        steps.map { Self.journalLine($0) + "\n" }.joined()
    }

    /// Reads a JSONL journal; blank lines are skipped, a bad line names its line number.
    public init(jsonl: String) throws(JSONError) {
        var steps: [TraceStep] = []
        for (number, line) in jsonl.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            do {
                steps.append(try TraceStep(json: try JSONValue(parsing: String(line))))
            } catch {
                throw JSONError("journal line \(number + 1): \(error)")
            }
        }
        self.init(steps: steps)
    }

    /// The trace in the original's result shape: `[{"role": …, "content": …}, …]`.
    public var resultJSON: JSONValue {
        .array(steps.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] })
    }

    /// Token counts: reported sums when every assistant step reports both figures, otherwise estimates
    /// (~4 characters per token) of the environment's contents (input) and the agent's contents (output),
    /// which is what the original counts.
    public var tokenUsage: TokenUsage {
        let assistant = steps.filter { $0.role == .assistant }
        if !assistant.isEmpty,
            assistant.allSatisfy({ $0.reportedInputTokens != nil && $0.reportedOutputTokens != nil })
        {
            return TokenUsage(
                input: TokenCount(assistant.reduce(0) { $0 + ($1.reportedInputTokens ?? 0) }, .reported),
                output: TokenCount(assistant.reduce(0) { $0 + ($1.reportedOutputTokens ?? 0) }, .reported))
        }
        return TokenUsage(
            input: .estimate(steps.filter { $0.role == .env }.map(\.content).joined()),
            output: .estimate(assistant.map(\.content).joined()))
    }
}
