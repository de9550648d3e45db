import Foundation

/// Per-run changes to the per-problem ``WorkloadPolicy`` (from ``OrchestratorConfiguration`` and CLI flags);
/// `nil` keeps the problem's default.
public struct WorkloadPolicyOverrides: Sendable, Hashable {
    /// Requests per second (0 runs no workload).
    public var rate: Double?
    /// The warm-up before injection.
    public var warmUp: Duration?
    /// The longest wait after injection; `.zero` starts the agent right after the injection.
    public var waitAfterInjection: Duration?

    /// Creates overrides.
    public init(rate: Double? = nil, warmUp: Duration? = nil, waitAfterInjection: Duration? = nil) {
        self.rate = rate
        self.warmUp = warmUp
        self.waitAfterInjection = waitAfterInjection
    }

    /// `policy` with these changes. A positive wait for a problem whose default is not to wait becomes a plain
    /// wait of that length.
    public func applied(to policy: WorkloadPolicy) -> WorkloadPolicy {
        var result = policy
        if let rate { result.rate = max(0, rate) }
        if let warmUp { result.warmUp = max(.zero, warmUp) }
        if let waitAfterInjection {
            if waitAfterInjection <= .zero {
                result.wait = .none
            } else {
                var wait = policy.wait
                if wait.condition == .none { wait.condition = .elapsed }
                wait.limit = waitAfterInjection
                result.wait = wait
            }
        }
        return result
    }
}
