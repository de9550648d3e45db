/// Two capacities compared: the ratio of a candidate's (e.g. telemetry on) to a baseline's (telemetry off).
///
/// Each capacity is known only to within its search's bracket (sustained ≤ true < failed), so besides the point
/// ratio of the sustained rates this gives the range the true ratio lies in, and whether a goal is met.
public struct CapacityComparison: Sendable, Hashable, Codable {
    /// The candidate's sustained rate (nil when it sustained nothing).
    public var candidate: Double?
    /// The lowest rate the candidate failed at (nil when it never failed).
    public var candidateFailed: Double?
    /// The baseline's sustained rate (nil when it sustained nothing).
    public var baseline: Double?
    /// The lowest rate the baseline failed at (nil when it never failed).
    public var baselineFailed: Double?

    /// Creates a comparison from the two brackets.
    public init(candidate: Double?, candidateFailed: Double?, baseline: Double?, baselineFailed: Double?) {
        self.candidate = candidate
        self.candidateFailed = candidateFailed
        self.baseline = baseline
        self.baselineFailed = baselineFailed
    }

    /// The comparison of two finished (or stopped) searches.
    public init(candidate: CapacitySearch, baseline: CapacitySearch) {
        self.init(
            candidate: candidate.sustainedRate, candidateFailed: candidate.failedRate,
            baseline: baseline.sustainedRate, baselineFailed: baseline.failedRate)
    }

    /// candidate / baseline of the sustained rates; nil when either sustained nothing.
    public var ratio: Double? {
        guard let candidate, let baseline, baseline > 0 else { return nil }
        return candidate / baseline
    }

    /// The lowest ratio the brackets allow: candidate's sustained over baseline's failed rate (nil if unbounded).
    public var lowerBound: Double? {
        guard let candidate, let baselineFailed, baselineFailed > 0 else { return nil }
        return candidate / baselineFailed
    }

    /// The highest ratio the brackets allow: candidate's failed over baseline's sustained rate (nil if unbounded).
    public var upperBound: Double? {
        guard let candidateFailed, let baseline, baseline > 0 else { return nil }
        return candidateFailed / baseline
    }

    /// Whether the point ratio reaches `goal` (false when there is no ratio).
    public func meets(_ goal: Double) -> Bool {
        guard let ratio else { return false }
        return ratio >= goal
    }
}
