import Foundation

/// The type of a root cause, from AIOpsLab's analysis menu (exact strings as raw values).
public enum FaultType: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// `Misconfiguration`.
    case misconfiguration = "Misconfiguration"
    /// `Code Defect`.
    case codeDefect = "Code Defect"
    /// `Authentication Issue`.
    case authenticationIssue = "Authentication Issue"
    /// `Network/Storage Issue`.
    case networkStorageIssue = "Network/Storage Issue"
    /// `Operation Error`.
    case operationError = "Operation Error"
    /// `Dependency Problem`.
    case dependencyProblem = "Dependency Problem"

    /// Matches a free-text answer: trimmed, case-insensitive, against the exact menu strings.
    public init?(answer: String) {
        let wanted = answer.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == wanted }) else { return nil }
        self = match
    }

    /// The menu string.
    public var description: String { rawValue }
}
