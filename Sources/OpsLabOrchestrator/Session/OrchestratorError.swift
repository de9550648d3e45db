import Foundation

/// Why a session could not be set up or run.
public enum OrchestratorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `startProblem` was called before `initProblem`, or twice.
    case noProblem
    /// No agent is registered.
    case noAgent
    /// The embedded cluster or the app did not come up.
    case setupFailed(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .noProblem: return "no problem is initialised; call initProblem first"
        case .noAgent: return "no agent is registered; call register(agent:name:) first"
        case .setupFailed(let reason): return "session setup failed: \(reason)"
        }
    }
}
