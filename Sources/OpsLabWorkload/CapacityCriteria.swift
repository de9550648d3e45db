/// When a step counts as sustained: p99 under a limit, the target rate reached, and few errors.
///
/// An open-loop generator that cannot send at the target rate would otherwise pass a step the app never saw, so
/// the achieved rate must come close to the target; failed requests answer fast, so errors must stay rare.
public struct CapacityCriteria: Sendable, Hashable, Codable {
    /// The p99 latency a sustained step must stay strictly below (default 100 ms).
    public var p99LimitMicroseconds: UInt64
    /// The least achieved / target rate of a sustained step (default 0.95).
    public var minimumAchievedFraction: Double
    /// The most errors / requests of a sustained step (default 0.01).
    public var maximumErrorFraction: Double

    /// Creates criteria.
    public init(
        p99LimitMicroseconds: UInt64 = 100_000, minimumAchievedFraction: Double = 0.95,
        maximumErrorFraction: Double = 0.01
    ) {
        self.p99LimitMicroseconds = p99LimitMicroseconds
        self.minimumAchievedFraction = minimumAchievedFraction
        self.maximumErrorFraction = maximumErrorFraction
    }

    /// The verdict on one step; the first failed condition names it, p99 first.
    public func verdict(_ step: CapacityStep) -> CapacityVerdict {
        if step.completed == 0 { return .rateNotReached }
        if step.p99Microseconds >= p99LimitMicroseconds { return .p99TooHigh }
        if step.errorFraction > maximumErrorFraction { return .tooManyErrors }
        if step.achievedRate < step.targetRate * minimumAchievedFraction { return .rateNotReached }
        return .sustained
    }
}

/// Whether a step was sustained, and if not, why.
public enum CapacityVerdict: String, Sendable, Hashable, Codable {
    /// Every condition held.
    case sustained
    /// p99 reached the limit.
    case p99TooHigh = "p99-too-high"
    /// More errors than allowed.
    case tooManyErrors = "too-many-errors"
    /// The achieved rate fell short of the target (or nothing completed).
    case rateNotReached = "rate-not-reached"

    /// Whether the step counts as sustained.
    public var isSustained: Bool { self == .sustained }
}
