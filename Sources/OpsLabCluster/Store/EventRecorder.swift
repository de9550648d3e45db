import Foundation
import OpsLabCore
import OpsLabKube

/// Records Kubernetes Events about objects, folding repeats into one Event with a count,
/// as the client-go event recorder does.
public struct EventRecorder: Sendable {
    /// The store events are written to.
    public var store: ObjectStore
    /// `source.component`, e.g. `kubelet` or `default-scheduler`.
    public var component: String
    /// `source.host`, e.g. the node name, if any.
    public var host: String?
    /// The clock.
    public var now: @Sendable () -> Date

    /// Creates a recorder.
    public init(
        store: ObjectStore, component: String, host: String? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.component = component
        self.host = host
        self.now = now
    }

    /// Records an event about `object` (a stored object's JSON). `type` is `Normal` or `Warning`.
    public func record(
        _ object: JSONValue, type: String = "Normal", reason: String, message: String, fieldPath: String? = nil
    ) async {
        let namespace = object.namespace ?? "default"
        let stamp = ObjectStore.timestamp(now())
        let existing = await store.list(.events, namespace: namespace).items.first { event in
            event[path: ["involvedObject", "uid"]]?.stringValue == object.uid
                && event["reason"]?.stringValue == reason && event["message"]?.stringValue == message
                && event[path: ["source", "component"]]?.stringValue == component
                && event[path: ["involvedObject", "fieldPath"]]?.stringValue == fieldPath
        }
        if let existing {
            _ = try? await store.mutate(.events, namespace: namespace, name: existing.name) { event in
                event["count"] = .int((event["count"]?.intValue ?? 1) + 1)
                event["lastTimestamp"] = .string(stamp)
            }
            return
        }
        var involved: JSONValue = [
            "kind": .string(object.kind), "namespace": .string(namespace), "name": .string(object.name),
            "uid": .string(object.uid), "apiVersion": .string(object.apiVersion),
            "resourceVersion": object.resourceVersion.map(JSONValue.string) ?? .null,
        ]
        if let fieldPath { involved["fieldPath"] = .string(fieldPath) }
        var source: JSONValue = ["component": .string(component)]
        if let host { source["host"] = .string(host) }
        let suffix = String(UInt64(now().timeIntervalSince1970 * 1e9), radix: 16)
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string("\(object.name).\(suffix)"), "namespace": .string(namespace)],
            "involvedObject": involved, "reason": .string(reason), "message": .string(message), "source": source,
            "firstTimestamp": .string(stamp), "lastTimestamp": .string(stamp), "count": 1, "type": .string(type),
            "eventTime": .null, "reportingComponent": .string(component), "reportingInstance": .string(host ?? ""),
        ]
        _ = try? await store.create(.events, event)
    }
}
