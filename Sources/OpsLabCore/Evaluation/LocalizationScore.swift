import Foundation

/// The localization metrics of one answer against the ground truth.
///
/// Answer names are mapped to faulty components through the ground truth's aliases (trimmed,
/// case-insensitive) and de-duplicated, keeping the first mention. With target set T and answer A:
/// - `exact`: A and T are the same set.
/// - `isSubset`: T ⊆ A (the original's `is_subset`: the target is in the answer).
/// - `accuracy`: 100 when exact, 100·|T|/|A| when A is a superset, else 0 (the original's
///   `Localization Accuracy`, which is 100/len(answer) for a single target).
/// - `success`: exact (for one target the original's "exact, or a subset with one element").
/// - `accuracy(at: k)`: |T ∩ A[0..<k]| / min(k, |T|), i.e. Acc@1 and Acc@3 of the RCA literature.
/// When T is empty (no fault, or no component to name), only the empty answer is right.
/// A missing answer (`nil`) scores 0 and false everywhere.
public struct LocalizationScore: Sendable, Hashable {
    /// The answer after alias mapping and de-duplication.
    public var normalizedAnswer: [String]
    /// The faulty components.
    public var targets: [String]
    /// Whether an answer was submitted.
    public var answered: Bool

    /// Scores `answer` against `truth`.
    public init(answer: [String]?, truth: GroundTruth) {
        var seen = Set<String>()
        normalizedAnswer = (answer ?? []).map { truth.component(matching: $0) ?? GroundTruth.normalize($0) }
            .filter { seen.insert($0).inserted }
        targets = truth.faultyComponents
        answered = answer != nil
    }

    /// Scores a submission; anything but a localization submission counts as no answer.
    public init(submission: Submission?, truth: GroundTruth) {
        if case .localization(let names) = submission {
            self.init(answer: names, truth: truth)
        } else {
            self.init(answer: nil, truth: truth)
        }
    }

    /// Whether the answer names exactly the faulty components.
    public var exact: Bool { answered && Set(normalizedAnswer) == Set(targets) }

    /// Whether every faulty component is in the answer.
    public var isSubset: Bool {
        guard answered else { return false }
        return targets.isEmpty ? normalizedAnswer.isEmpty : Set(targets).isSubset(of: normalizedAnswer)
    }

    /// The original's `Localization Accuracy` (0–100).
    public var accuracy: Double {
        if exact { return 100 }
        guard isSubset, !normalizedAnswer.isEmpty else { return 0 }
        return 100 * Double(Set(targets).count) / Double(normalizedAnswer.count)
    }

    /// The original's `success`.
    public var success: Bool { exact }

    /// Acc@k in 0…1: the share of faulty components found in the first `k` answers.
    public func accuracy(at k: Int) -> Double {
        guard answered, k > 0 else { return 0 }
        let wanted = Set(targets)
        if wanted.isEmpty { return normalizedAnswer.isEmpty ? 1 : 0 }
        let found = Set(normalizedAnswer.prefix(k)).intersection(wanted).count
        return Double(found) / Double(min(k, wanted.count))
    }
}
