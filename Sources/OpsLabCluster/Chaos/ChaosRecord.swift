import Foundation
import OpsLabCore

/// One target of an experiment in `status.experiment.containerRecords`: its id, phase and history.
public struct ChaosRecord: Sendable, Hashable {
    /// Whether the chaos is in effect on the target.
    public enum Phase: String, Sendable, Hashable {
        /// Not in effect (initially, and after recovery).
        case notInjected = "Not Injected"
        /// In effect.
        case injected = "Injected"
    }

    /// One apply or recover attempt.
    public struct Event: Sendable, Hashable {
        /// `Succeeded` or `Failed`.
        public var type: String
        /// `Apply` or `Recover`.
        public var operation: String
        /// The error of a failed attempt.
        public var message: String?
        /// When it happened (RFC 3339).
        public var timestamp: String

        /// Creates an event.
        public init(type: String, operation: String, message: String? = nil, timestamp: String) {
            self.type = type
            self.operation = operation
            self.message = message
            self.timestamp = timestamp
        }
    }

    /// `<ns>/<pod>` for pod targets, `<ns>/<pod>/<container>` for container targets.
    public var id: String
    /// `.` for the main selector.
    public var selectorKey: String
    /// The phase.
    public var phase: Phase
    /// Successful applications.
    public var injectedCount: Int
    /// Successful recoveries.
    public var recoveredCount: Int
    /// The attempts, oldest first.
    public var events: [Event]

    /// Creates a record that is not injected yet.
    public init(id: String, selectorKey: String = ".") {
        self.id = id
        self.selectorKey = selectorKey
        self.phase = .notInjected
        self.injectedCount = 0
        self.recoveredCount = 0
        self.events = []
    }

    /// The namespace, pod and (for container targets) container of the id.
    public var target: (namespace: String, pod: String, container: String?) {
        let parts = id.split(separator: "/", maxSplits: 2).map(String.init)
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : nil)
    }

    /// The record as Chaos Mesh's JSON.
    public var json: JSONValue {
        [
            "id": .string(id), "selectorKey": .string(selectorKey), "phase": .string(phase.rawValue),
            "injectedCount": .int(Int64(injectedCount)), "recoveredCount": .int(Int64(recoveredCount)),
            "events": .array(
                events.map { event in
                    var json: JSONValue = [
                        "type": .string(event.type), "operation": .string(event.operation),
                        "timestamp": .string(event.timestamp),
                    ]
                    if let message = event.message { json["message"] = .string(message) }
                    return json
                }),
        ]
    }

    /// Parses a record from JSON; `nil` without an id.
    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue else { return nil }
        self.id = id
        selectorKey = json["selectorKey"]?.stringValue ?? "."
        phase = Phase(rawValue: json["phase"]?.stringValue ?? "") ?? .notInjected
        injectedCount = Int(json["injectedCount"]?.intValue ?? 0)
        recoveredCount = Int(json["recoveredCount"]?.intValue ?? 0)
        events = (json["events"]?.arrayValue ?? []).map { event in
            Event(
                type: event["type"]?.stringValue ?? "", operation: event["operation"]?.stringValue ?? "",
                message: event["message"]?.stringValue, timestamp: event["timestamp"]?.stringValue ?? "")
        }
    }
}
