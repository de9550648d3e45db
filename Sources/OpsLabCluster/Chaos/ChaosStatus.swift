import Foundation
import OpsLabCore

/// The `status` of a chaos object (Chaos Mesh's `ChaosStatus`): the desired phase, the records, and the
/// conditions computed from them.
public struct ChaosStatus: Sendable, Hashable {
    /// `Run` or `Stop`.
    public enum DesiredPhase: String, Sendable, Hashable {
        /// The chaos should be in effect.
        case run = "Run"
        /// The chaos should be recovered (time up, paused or deleted).
        case stop = "Stop"
    }

    /// The desired phase, `nil` before the controller first set it.
    public var desiredPhase: DesiredPhase?
    /// The records, `nil` before targets were selected.
    public var records: [ChaosRecord]?

    /// Creates a status.
    public init(desiredPhase: DesiredPhase? = nil, records: [ChaosRecord]? = nil) {
        self.desiredPhase = desiredPhase
        self.records = records
    }

    /// Reads the status of a chaos object.
    public init(object: JSONValue) {
        let experiment = object[path: ["status", "experiment"]]
        desiredPhase = experiment?["desiredPhase"]?.stringValue.flatMap(DesiredPhase.init(rawValue:))
        records = experiment?["containerRecords"]?.arrayValue?.compactMap(ChaosRecord.init(json:))
    }

    /// The conditions, in Chaos Mesh's order: `Selected` (records exist), `AllInjected` (every record injected),
    /// `AllRecovered` (every record not injected — also when there are none) and `Paused`.
    public func conditions(paused: Bool) -> [(type: String, status: Bool)] {
        let records = self.records ?? []
        return [
            ("Selected", !records.isEmpty),
            ("AllInjected", !records.isEmpty && records.allSatisfy { $0.phase == .injected }),
            ("AllRecovered", records.allSatisfy { $0.phase == .notInjected }),
            ("Paused", paused),
        ]
    }

    /// The status as JSON for an object whose pause annotation is `paused`.
    public func json(paused: Bool) -> JSONValue {
        var experiment: JSONValue = [:]
        if let desiredPhase { experiment["desiredPhase"] = .string(desiredPhase.rawValue) }
        if let records { experiment["containerRecords"] = .array(records.map(\.json)) }
        let conditions: [JSONValue] = conditions(paused: paused).map { condition in
            ["type": .string(condition.type), "status": condition.status ? "True" : "False"]
        }
        return ["conditions": .array(conditions), "experiment": experiment]
    }

    /// What the desired phase should be now, and the event to record when it changes (Chaos Mesh's
    /// desiredphase controller): Stop when deleted (`Deleted`) or paused (`Paused`), Stop when a continuous
    /// action's duration since creation has passed (`TimeUp`), else Run (`Started`).
    public static func desiredPhase(
        current: DesiredPhase?, deleted: Bool, paused: Bool, oneShot: Bool, duration: TimeInterval?,
        created: Date?, now: Date
    ) -> (phase: DesiredPhase, reason: String?) {
        func change(_ phase: DesiredPhase, _ reason: String) -> (DesiredPhase, String?) {
            (phase, current == phase ? nil : reason)
        }
        if deleted { return change(.stop, "Deleted") }
        if paused { return change(.stop, "Paused") }
        if !oneShot, let duration, let created, now.timeIntervalSince(created) >= duration {
            return change(.stop, "TimeUp")
        }
        return change(.run, "Started")
    }

    /// The message Chaos Mesh records with a desired-phase reason.
    public static func message(for reason: String) -> String {
        switch reason {
        case "Deleted": return "Experiment has been deleted"
        case "Paused": return "Experiment has been paused"
        case "TimeUp": return "Time up according to the duration"
        default: return "Experiment has started"
        }
    }
}
