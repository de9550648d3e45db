import Foundation

/// What is really wrong in a problem: the evaluators' answer key.
///
/// Aliases are data: `aliases["mongodb-geo"] = ["geo"]` makes a localization answer `geo` count for the
/// faulty component `mongodb-geo` (AIOpsLab accepts the Mongo targets without their `mongodb-` prefix).
/// Names compare trimmed and case-insensitively.
public struct GroundTruth: Sendable, Hashable, Codable {
    /// Whether a fault is injected at all (`false` for the no-fault control, where detection expects "No").
    public var hasFault: Bool
    /// The faulty components (service names), most important first; empty when none can be named.
    public var faultyComponents: [String]
    /// Other accepted names per faulty component, e.g. `["mongodb-geo": ["geo"]]`.
    public var aliases: [String: [String]]
    /// The root cause's system level, when the problem has an analysis task.
    public var systemLevel: SystemLevel?
    /// The root cause's fault type, when the problem has an analysis task.
    public var faultType: FaultType?

    /// Creates a ground truth for an injected fault.
    public init(
        faultyComponents: [String], aliases: [String: [String]] = [:], systemLevel: SystemLevel? = nil,
        faultType: FaultType? = nil
    ) {
        self.hasFault = true
        self.faultyComponents = faultyComponents
        self.aliases = aliases
        self.systemLevel = systemLevel
        self.faultType = faultType
    }

    /// The ground truth of the no-fault control: no anomaly, no components, no root cause.
    public static let noFault: GroundTruth = {
        var truth = GroundTruth(faultyComponents: [])
        truth.hasFault = false
        return truth
    }()

    /// The faulty component that `answer` names (directly or through an alias), or `nil`.
    public func component(matching answer: String) -> String? {
        let wanted = Self.normalize(answer)
        for component in faultyComponents {
            if Self.normalize(component) == wanted { return component }
            if (aliases[component] ?? []).contains(where: { Self.normalize($0) == wanted }) { return component }
        }
        return nil
    }

    /// The ground truth as JSON for result files: `has_fault`, `faulty_components`, `aliases`,
    /// `system_level` and `fault_type` (null when absent).
    public var json: JSONValue {
        [
            "has_fault": .bool(hasFault),
            "faulty_components": .array(faultyComponents.map(JSONValue.string)),
            "aliases": .object(aliases.mapValues { .array($0.map(JSONValue.string)) }),
            "system_level": systemLevel.map { .string($0.rawValue) } ?? .null,
            "fault_type": faultType.map { .string($0.rawValue) } ?? .null,
        ]
    }

    static func normalize(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
