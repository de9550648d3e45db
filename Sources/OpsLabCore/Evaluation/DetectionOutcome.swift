import Foundation

/// The detection metric: raw values are the original's `Detection Accuracy` strings.
public enum DetectionOutcome: String, Sendable, Hashable, CaseIterable {
    /// The answer matches whether a fault is present.
    case correct = "Correct"
    /// The answer is the opposite.
    case incorrect = "Incorrect"
    /// No detection answer was submitted.
    case invalidFormat = "Invalid Format"

    /// Scores a submission: "Yes" is correct for a fault, "No" for the no-fault control.
    public init(submission: Submission?, truth: GroundTruth) {
        guard case .detection(let hasAnomaly) = submission else {
            self = .invalidFormat
            return
        }
        self = hasAnomaly == truth.hasFault ? .correct : .incorrect
    }
}
