import Foundation

/// What runs an agent's `exec_shell` line and turns the outcome into the agent's observation.
public protocol SessionShell: Sendable {
    /// Runs `line` (stopping it after `timeout`) and returns the text the agent sees.
    func observe(_ line: String, timeout: Duration) async -> String
}
