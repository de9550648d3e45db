/// How the gaps between intended send times are drawn.
public enum InterArrivalDistribution: String, Sendable, CaseIterable, Codable {
    /// Evenly spaced sends: exactly `rate × duration` of them (wrk2's default pacing).
    case fixed
    /// Exponentially distributed gaps (a Poisson arrival process, wrk2's `-D exp`), as AIOpsLab runs wrk2.
    case exponential = "exp"
}
