import Foundation

/// A scripted agent: answers each turn with the next line of a script, as an agent would have written it.
///
/// Blank lines and lines starting with `#` are skipped. A line that holds no fence is wrapped in one, so
/// `exec_shell("kubectl get pods -n test-hotel-reservation")` is sent as a one-block response. When the script
/// runs out the agent throws ``ReplayAgentError/exhausted``.
public actor ReplayAgent: Agent {
    /// The responses still to send, in order.
    public private(set) var remaining: [String]
    /// The states the agent was given, in order (for tests and debugging).
    public private(set) var receivedStates: [String] = []

    /// Creates an agent from script lines.
    public init(lines: [String]) {
        remaining = Self.responses(from: lines)
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
        receivedStates.append(state)
        guard !remaining.isEmpty else { throw ReplayAgentError.exhausted }
        return remaining.removeFirst()
    }

    /// The responses a script's lines yield: comments and blank lines dropped, unfenced lines fenced.
    public static func responses(from lines: [String]) -> [String] {
        lines.compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            return line.contains("```") ? line : "```\n\(line)\n```"
        }
    }
}

/// Why a ``ReplayAgent`` could not answer.
public enum ReplayAgentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The script has no more lines.
    case exhausted

    /// A one-line explanation.
    public var description: String { "the replay script has no more actions" }
}
