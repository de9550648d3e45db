import Foundation

/// What one `exec_shell` line produced, as `ShellExecutor.run` reports it.
public struct ShellResult: Sendable, Hashable {
    /// What the agent sees: the refusal message, or the output shaped by `ShellOutput.shape`.
    public var observation: String
    /// The exit status of the last pipeline that ran (127 for a missing program, 124 after a timeout, 126 when
    /// the policy refused the line).
    public var exitCode: Int32
    /// Whether `ShellPolicy` refused the line (nothing ran).
    public var refused: Bool
    /// Whether the line was stopped because its time ran out.
    public var timedOut: Bool
    /// How long the call took.
    public var duration: Duration

    /// Creates a result.
    public init(observation: String, exitCode: Int32, refused: Bool, timedOut: Bool, duration: Duration) {
        self.observation = observation
        self.exitCode = exitCode
        self.refused = refused
        self.timedOut = timedOut
        self.duration = duration
    }
}
