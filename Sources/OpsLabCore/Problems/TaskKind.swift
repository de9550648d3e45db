import Foundation

/// The four AIOps task kinds of AIOpsLab, with the original's lowercase names as raw values.
///
/// The raw value is the token that appears in problem ids (`revoke_auth_mongodb-mitigation-1`).
public enum TaskKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Decide whether the system has an anomaly: `submit("Yes")` or `submit("No")`.
    case detection
    /// Name the faulty components, most likely first: `submit(["svc", …])`.
    case localization
    /// Root-cause analysis: `submit({"system_level": …, "fault_type": …})`.
    case analysis
    /// Repair the live system, then `submit()`; the cluster state is judged.
    case mitigation

    /// The result key of the task's time metric: `TTD`, `TTL`, `TTA` or `TTM`.
    public var timeMetricKey: String {
        switch self {
        case .detection: return "TTD"
        case .localization: return "TTL"
        case .analysis: return "TTA"
        case .mitigation: return "TTM"
        }
    }

    /// The role phrase of the task description, e.g. "detect anomalies".
    public var rolePhrase: String {
        switch self {
        case .detection: return "detect anomalies"
        case .localization: return "localize faults"
        case .analysis: return "do root cause analysis"
        case .mitigation: return "mitigate anomalies"
        }
    }

    /// The raw value.
    public var description: String { rawValue }
}
