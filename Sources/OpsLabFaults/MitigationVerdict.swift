import Foundation

/// A mitigation oracle's judgement: success, or the reasons the system is not healthy yet.
public struct MitigationVerdict: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whether the fault counts as mitigated.
    public var success: Bool
    /// Why not (empty on success), one human-readable line each.
    public var reasons: [String]

    /// Creates a verdict.
    public init(success: Bool, reasons: [String] = []) {
        self.success = success
        self.reasons = reasons
    }

    /// Success exactly when there is no reason against it.
    public init(reasons: [String]) {
        self.init(success: reasons.isEmpty, reasons: reasons)
    }

    /// A successful verdict.
    public static let ok = MitigationVerdict(success: true)

    /// Both verdicts must succeed; the reasons are concatenated.
    public func combined(with other: MitigationVerdict) -> MitigationVerdict {
        MitigationVerdict(success: success && other.success, reasons: reasons + other.reasons)
    }

    /// `mitigated` or `not mitigated: r1; r2`.
    public var description: String {
        success ? "mitigated" : "not mitigated: " + reasons.joined(separator: "; ")
    }
}
