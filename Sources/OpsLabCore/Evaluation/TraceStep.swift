import Foundation

/// One item of an episode's trace: what the agent said or what the environment answered.
public struct TraceStep: Sendable, Hashable {
    /// Who produced the content. Raw values are the original's trace roles.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// The agent's response (its action).
        case assistant
        /// The environment's observation.
        case env
    }

    /// Who produced the content.
    public var role: Role
    /// The text exactly as sent or received.
    public var content: String
    /// When the step happened (injected by the caller, never read from a clock here).
    public var timestamp: Date
    /// Input tokens of the model call behind an assistant step, as reported by the agent.
    public var reportedInputTokens: Int?
    /// Output tokens of the model call behind an assistant step, as reported by the agent.
    public var reportedOutputTokens: Int?

    /// Creates a step.
    public init(
        role: Role, content: String, timestamp: Date, reportedInputTokens: Int? = nil,
        reportedOutputTokens: Int? = nil
    ) {
        self.role = role
        self.content = content
        self.timestamp = timestamp
        self.reportedInputTokens = reportedInputTokens
        self.reportedOutputTokens = reportedOutputTokens
    }

    /// The journal form: `role`, `content`, `timestamp` (seconds since 1970) and reported token counts
    /// (`input_tokens`, `output_tokens`) when present.
    public var json: JSONValue {
        var object: JSONValue = [
            "role": .string(role.rawValue), "content": .string(content),
            "timestamp": .double(timestamp.timeIntervalSince1970),
        ]
        if let reportedInputTokens { object["input_tokens"] = .int(Int64(reportedInputTokens)) }
        if let reportedOutputTokens { object["output_tokens"] = .int(Int64(reportedOutputTokens)) }
        return object
    }

    /// Reads the journal form back.
    public init(json: JSONValue) throws(JSONError) {
        guard let roleText = json["role"]?.stringValue, let role = Role(rawValue: roleText) else {
            throw JSONError("trace step: `role` must be \"assistant\" or \"env\"")
        }
        guard let content = json["content"]?.stringValue else { throw JSONError("trace step: `content` is missing") }
        guard let seconds = json["timestamp"]?.doubleValue else {
            throw JSONError("trace step: `timestamp` is missing")
        }
        self.init(
            role: role, content: content, timestamp: Date(timeIntervalSince1970: seconds),
            reportedInputTokens: json["input_tokens"]?.intValue.map { Int($0) },
            reportedOutputTokens: json["output_tokens"]?.intValue.map { Int($0) })
    }
}
