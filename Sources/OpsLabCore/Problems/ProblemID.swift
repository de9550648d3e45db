import Foundation

/// An AIOpsLab-style problem id, parsed into its parts.
///
/// Two layouts exist in the original registry:
/// - `standard`: `<family>-<task>[-<variant>]`, e.g. `revoke_auth_mongodb-mitigation-1`,
///   `k8s_target_port-misconfig-detection-2` (the family may contain `-`) and `container_kill-detection`
///   (no variant).
/// - `noFault`: `noop_<task>_<app>-<variant>`, e.g. `noop_detection_hotel_reservation-1`.
///
/// `description` formats the id back exactly; `ProblemID(parsing:)` and `description` round-trip.
public struct ProblemID: Sendable, Hashable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// How the parts are laid out in the text.
    public enum Layout: Sendable, Hashable {
        /// `<family>-<task>[-<variant>]`.
        case standard
        /// `noop_<task>_<app>-<variant>`; the family is `noop`.
        case noFault(app: String)
    }

    /// The fault family, e.g. `revoke_auth_mongodb`, or `noop` for the no-fault control.
    public var family: String
    /// The task kind.
    public var task: TaskKind
    /// The variant number (`-1`, `-2`, …), or `nil` where the original has none.
    public var variant: Int?
    /// The text layout.
    public var layout: Layout

    /// The family of the no-fault control problems.
    public static let noFaultFamily = "noop"

    /// A standard-layout id. `family` must be non-empty and use letters, digits, `_` and `-`.
    public init(family: String, task: TaskKind, variant: Int? = 1) {
        self.family = family
        self.task = task
        self.variant = variant
        self.layout = .standard
    }

    /// A no-fault control id, e.g. `noop_detection_hotel_reservation-1` for app `hotel_reservation`.
    public static func noFault(task: TaskKind, app: String, variant: Int = 1) -> ProblemID {
        var id = ProblemID(family: noFaultFamily, task: task, variant: variant)
        id.layout = .noFault(app: app)
        return id
    }

    /// Parses an id; throws a `ProblemIDError` that explains the expected patterns.
    public init(parsing text: String) throws(ProblemIDError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let noop = Self.parseNoFault(trimmed) {
            self = noop
            return
        }
        var parts = trimmed.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        var variant: Int?
        if let last = parts.last, !last.isEmpty, last.allSatisfy(\.isASCIIDigit) {
            guard let number = Int(last) else { throw ProblemIDError(text: text, reason: "variant is too large") }
            variant = number
            parts.removeLast()
        }
        guard parts.count >= 2, let taskText = parts.last else {
            throw ProblemIDError(text: text, reason: "no task part")
        }
        guard let task = TaskKind(rawValue: taskText) else {
            let known = TaskKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ProblemIDError(text: text, reason: "`\(taskText)` is not a task (one of \(known))")
        }
        let family = parts.dropLast().joined(separator: "-")
        guard Self.isValidFamily(family) else {
            throw ProblemIDError(text: text, reason: "the family `\(family)` must be letters, digits, `_` and `-`")
        }
        self.init(family: family, task: task, variant: variant)
    }

    /// `init(parsing:)` as an optional, for `LosslessStringConvertible`.
    public init?(_ description: String) {
        guard let parsed = try? ProblemID(parsing: description) else { return nil }
        self = parsed
    }

    /// The id text.
    public var description: String {
        switch layout {
        case .standard:
            return "\(family)-\(task.rawValue)" + (variant.map { "-\($0)" } ?? "")
        case .noFault(let app):
            return "noop_\(task.rawValue)_\(app)-\(variant ?? 1)"
        }
    }

    /// Whether this is a no-fault control problem.
    public var isNoFault: Bool {
        if case .noFault = layout { return true }
        return family == Self.noFaultFamily
    }

    /// The same problem for another task, in the same layout (e.g. detection → mitigation).
    public func with(task newTask: TaskKind) -> ProblemID {
        var copy = self
        copy.task = newTask
        return copy
    }

    /// Decodes from the id string.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try ProblemID(parsing: text)
    }

    /// Encodes as the id string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func parseNoFault(_ text: String) -> ProblemID? {
        let prefix = "noop_"
        guard text.hasPrefix(prefix) else { return nil }
        let rest = text.dropFirst(prefix.count)
        guard let dash = rest.lastIndex(of: "-") else { return nil }
        let variantText = rest[rest.index(after: dash)...]
        guard !variantText.isEmpty, variantText.allSatisfy(\.isASCIIDigit), let variant = Int(variantText) else {
            return nil
        }
        let body = rest[..<dash]
        guard let underscore = body.firstIndex(of: "_"),
            let task = TaskKind(rawValue: String(body[..<underscore]))
        else { return nil }
        let app = String(body[body.index(after: underscore)...])
        guard !app.isEmpty, isValidFamily(app), !app.contains("-") else { return nil }
        return .noFault(task: task, app: app, variant: variant)
    }

    private static func isValidFamily(_ family: String) -> Bool {
        !family.isEmpty && !family.hasPrefix("-") && !family.hasSuffix("-")
            && family.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-")
            }
    }
}

/// A problem id that does not follow the AIOpsLab patterns.
public struct ProblemIDError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that failed to parse.
    public var text: String
    /// What was wrong with it.
    public var reason: String

    /// Creates an error.
    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    /// The message, with the expected patterns.
    public var description: String {
        "invalid problem id `\(text)`: \(reason); expected `<family>-<task>[-<n>]` "
            + "(e.g. `revoke_auth_mongodb-mitigation-1`) or `noop_<task>_<app>-<n>` "
            + "(e.g. `noop_detection_hotel_reservation-1`)"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
