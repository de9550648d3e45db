import Foundation

/// The analysis metrics: whether the system level and the fault type match the ground truth.
///
/// `submit()` (no root cause) is right only for the no-fault control; a missing or non-analysis
/// submission is wrong in both parts, as the original scores a non-dict answer.
public struct AnalysisScore: Sendable, Hashable {
    /// The original's `system_level_correct`.
    public var systemLevelCorrect: Bool
    /// The original's `fault_type_correct`.
    public var faultTypeCorrect: Bool

    /// Creates a score from its parts.
    public init(systemLevelCorrect: Bool, faultTypeCorrect: Bool) {
        self.systemLevelCorrect = systemLevelCorrect
        self.faultTypeCorrect = faultTypeCorrect
    }

    /// Scores a submission against `truth`.
    public init(submission: Submission?, truth: GroundTruth) {
        switch submission {
        case .analysis(let answer?):
            self.init(
                systemLevelCorrect: truth.hasFault && truth.systemLevel == answer.systemLevel,
                faultTypeCorrect: truth.hasFault && truth.faultType == answer.faultType)
        case .analysis(nil):
            self.init(systemLevelCorrect: !truth.hasFault, faultTypeCorrect: !truth.hasFault)
        default:
            self.init(systemLevelCorrect: false, faultTypeCorrect: false)
        }
    }

    /// The original's `success`: both parts correct.
    public var success: Bool { systemLevelCorrect && faultTypeCorrect }
}
