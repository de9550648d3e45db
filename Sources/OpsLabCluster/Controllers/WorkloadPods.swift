import Foundation
import OpsLabCore
import OpsLabKube

/// Pure helpers the workload controllers use to read pods and owner references from stored JSON.
public enum WorkloadPods {
    /// The uid of an object's controller owner reference (`controller: true`), if any.
    public static func controllerUID(of object: JSONValue) -> String? {
        ownerReferences(of: object).first { $0["controller"]?.boolValue == true }?["uid"]?.stringValue
    }

    /// The entries of `metadata.ownerReferences`.
    public static func ownerReferences(of object: JSONValue) -> [JSONValue] {
        object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
    }

    /// A controller owner reference to `owner` (with `blockOwnerDeletion`), as JSON.
    public static func controllerReference(to owner: JSONValue) -> JSONValue {
        [
            "apiVersion": .string(owner.apiVersion), "kind": .string(owner.kind), "name": .string(owner.name),
            "uid": .string(owner.uid), "controller": true, "blockOwnerDeletion": true,
        ]
    }

    /// Whether a pod counts towards its ReplicaSet: not terminating and not Succeeded or Failed.
    public static func isActive(_ pod: JSONValue) -> Bool {
        let phase = pod[path: ["status", "phase"]]?.stringValue
        return !pod.isTerminating && phase != "Succeeded" && phase != "Failed"
    }

    /// Whether the pod's `Ready` condition is `True`.
    public static func isReady(_ pod: JSONValue) -> Bool {
        readyCondition(pod)?["status"]?.stringValue == "True"
    }

    /// Whether the pod has been ready for at least `minReadySeconds` at `now`.
    public static func isAvailable(_ pod: JSONValue, minReadySeconds: Int, now: Date) -> Bool {
        guard isReady(pod) else { return false }
        guard minReadySeconds > 0 else { return true }
        guard let text = readyCondition(pod)?["lastTransitionTime"]?.stringValue, let since = parseTime(text) else {
            return true
        }
        return now.timeIntervalSince(since) >= Double(minReadySeconds)
    }

    /// Parses an RFC 3339 timestamp as the store writes it.
    public static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// Orders pods so that the ones to delete first come first, as the ReplicaSet controller does:
    /// unscheduled before scheduled, Pending before Unknown before Running, not ready before ready,
    /// more restarts first, then newest first.
    public static func deletionOrder(_ pods: [JSONValue]) -> [JSONValue] {
        pods.sorted { lhs, rhs in
            let left = rank(lhs)
            let right = rank(rhs)
            if left.scheduled != right.scheduled { return !left.scheduled }
            if left.phase != right.phase { return left.phase < right.phase }
            if left.ready != right.ready { return !left.ready }
            if left.restarts != right.restarts { return left.restarts > right.restarts }
            if left.created != right.created { return left.created > right.created }
            return lhs.name > rhs.name
        }
    }

    private static func rank(
        _ pod: JSONValue
    )
        -> (scheduled: Bool, phase: Int, ready: Bool, restarts: Int64, created: String)
    {
        let phase: Int
        switch pod[path: ["status", "phase"]]?.stringValue {
        case "Pending", nil: phase = 0
        case "Unknown": phase = 1
        default: phase = 2
        }
        let restarts = (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? [])
            .reduce(Int64(0)) { $0 + ($1["restartCount"]?.intValue ?? 0) }
        return (
            pod[path: ["spec", "nodeName"]]?.stringValue != nil, phase, isReady(pod), restarts,
            pod[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
        )
    }

    private static func readyCondition(_ pod: JSONValue) -> JSONValue? {
        (pod[path: ["status", "conditions"]]?.arrayValue ?? []).first { $0["type"]?.stringValue == "Ready" }
    }

    /// Decodes a selector from JSON (`spec.selector`); a missing or malformed one matches nothing.
    public static func selector(_ value: JSONValue?) -> LabelSelectorSpec? {
        guard let value, let selector = try? value.decode(LabelSelectorSpec.self) else { return nil }
        return selector
    }
}

extension WorkloadPods {
    /// The QoS class of a pod spec: `Guaranteed` when every container limits CPU and memory with equal
    /// requests, `BestEffort` when no container requests or limits anything, else `Burstable`.
    public static func qosClass(of spec: JSONValue?) -> String {
        let containers = (spec?["containers"]?.arrayValue ?? []) + (spec?["initContainers"]?.arrayValue ?? [])
        var anySet = false
        var guaranteed = !containers.isEmpty
        for container in containers {
            let limits = container[path: ["resources", "limits"]]?.objectValue ?? [:]
            let requests = container[path: ["resources", "requests"]]?.objectValue ?? [:]
            if !limits.isEmpty || !requests.isEmpty { anySet = true }
            for resource in ["cpu", "memory"] {
                guard let limit = limits[resource] else {
                    guaranteed = false
                    continue
                }
                if let request = requests[resource], quantity(request) != quantity(limit) { guaranteed = false }
            }
        }
        if !anySet { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }

    private static func quantity(_ value: JSONValue) -> Double? {
        switch value {
        case .string(let text): return Quantity(text).value
        default: return value.doubleValue
        }
    }
}
