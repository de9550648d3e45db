import Foundation

/// The system level of a root cause, from AIOpsLab's analysis menu (exact strings as raw values).
public enum SystemLevel: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// `Hardware`.
    case hardware = "Hardware"
    /// `Operating System`.
    case operatingSystem = "Operating System"
    /// `Virtualization` (Kubernetes objects: Services, Deployments, scheduling).
    case virtualization = "Virtualization"
    /// `Application` (the service's code, configuration or data store).
    case application = "Application"

    /// Matches a free-text answer: trimmed, case-insensitive, against the exact menu strings.
    public init?(answer: String) {
        let wanted = answer.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == wanted }) else { return nil }
        self = match
    }

    /// The menu string.
    public var description: String { rawValue }
}
