import Foundation

/// Why an `exec_shell` line could not be parsed, phrased for the agent.
public struct ShellParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong and, where it helps, what to write instead.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
