import Foundation

/// A scripted agent: answers each turn with the next line of a script, as an agent would have written it.
///
/// Blank lines and lines starting with `#` are skipped. A line that holds no fence is wrapped in one, so
/// `exec_shell("kubectl get pods -n test-hotel-reservation")` is sent as a one-block response. When the script
/// runs out the agent throws ``ReplayAgentError/exhausted``.
///
/// A comment of the form `# tokens: in=812 out=64` reports the token usage of the next action (a recorded LLM
/// run can carry its provider's figures this way); actions without one report nothing, and the evaluator then
/// estimates the whole episode's counts.
public actor ReplayAgent: Agent {
    /// The responses still to send, in order.
    public private(set) var remaining: [String]
    /// The reported usage of each remaining response (`nil` where the script gives none).
    private var usages: [ReportedTokenUsage?]
    /// The states the agent was given, in order (for tests and debugging).
    public private(set) var receivedStates: [String] = []

    /// Creates an agent from script lines.
    public init(lines: [String]) {
        let entries = Self.entries(from: lines)
        remaining = entries.map(\.text)
        usages = entries.map(\.usage)
    }

    /// Creates an agent from a script's text (one action per line).
    public init(script: String) {
        self.init(lines: script.components(separatedBy: "\n"))
    }

    /// Creates an agent from a script file.
    public init(contentsOf path: String) throws {
        self.init(script: try String(contentsOfFile: path, encoding: .utf8))
    }

    /// The next scripted response.
    public func getAction(_ state: String) async throws -> String {
        try await respond(to: state).text
    }

    /// The next scripted response with the usage its `# tokens:` comment reported, if any.
    public func respond(to state: String) async throws -> AgentResponse {
        receivedStates.append(state)
        guard !remaining.isEmpty else { throw ReplayAgentError.exhausted }
        let usage = usages.isEmpty ? nil : usages.removeFirst()
        return AgentResponse(text: remaining.removeFirst(), usage: usage)
    }

    /// The responses a script's lines yield: comments and blank lines dropped, unfenced lines fenced.
    public static func responses(from lines: [String]) -> [String] {
        entries(from: lines).map(\.text)
    }

    /// The responses a script's lines yield, each with the usage of the `# tokens:` comment before it.
    public static func entries(from lines: [String]) -> [AgentResponse] {
        var entries: [AgentResponse] = []
        var pending: ReportedTokenUsage?
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if let usage = tokenComment(line) { pending = usage }
                continue
            }
            entries.append(AgentResponse(text: line.contains("```") ? line : "```\n\(line)\n```", usage: pending))
            pending = nil
        }
        return entries
    }

    /// Reads `# tokens: in=N out=M` (the colon and the order are optional); `nil` for any other comment.
    public static func tokenComment(_ line: String) -> ReportedTokenUsage? {
        var body = line.drop { $0 == "#" || $0 == " " }
        guard body.lowercased().hasPrefix("tokens") else { return nil }
        body = body.dropFirst("tokens".count).drop { $0 == ":" || $0 == " " }
        var input: Int?
        var output: Int?
        for part in body.split(separator: " ") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let value = Int(pair[1]) else { return nil }
            switch pair[0].lowercased() {
            case "in", "input": input = value
            case "out", "output": output = value
            default: return nil
            }
        }
        guard let input, let output else { return nil }
        return ReportedTokenUsage(input: input, output: output)
    }
}

/// Why a ``ReplayAgent`` could not answer.
public enum ReplayAgentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The script has no more lines.
    case exhausted

    /// A one-line explanation.
    public var description: String { "the replay script has no more actions" }
}
