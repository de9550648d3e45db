import Foundation
import OpsLabCore
import OpsLabKube

/// Deletes objects with Kubernetes' semantics, shared by the API server and the controllers.
///
/// - A pod bound to a node is not removed at once: it gets `deletionTimestamp` and
///   `deletionGracePeriodSeconds`, and the kubelet removes it after stopping its containers.
/// - A namespace becomes `Terminating`; the namespace controller empties and removes it.
/// - Anything else is removed now — unless it has finalizers: then it gets `deletionTimestamp` and is removed
///   when the last finalizer goes. Its dependents (ownerReferences) are collected by the garbage collector.
public struct ObjectDeleter: Sendable {
    /// The store.
    public var store: ObjectStore
    /// The clock.
    public var now: @Sendable () -> Date
    /// Grace period when neither the request nor the pod sets one.
    public var defaultGracePeriodSeconds: Int

    /// Creates a deleter.
    public init(store: ObjectStore, now: @escaping @Sendable () -> Date, defaultGracePeriodSeconds: Int = 30) {
        self.store = store
        self.now = now
        self.defaultGracePeriodSeconds = defaultGracePeriodSeconds
    }

    /// Deletes one object and returns its state after the call (still present when deletion is graceful).
    ///
    /// - Parameter gracePeriodSeconds: overrides the pod's own grace period; 0 removes the pod at once.
    @discardableResult
    public func delete(
        _ type: ResourceType, namespace: String?, name: String, gracePeriodSeconds: Int? = nil
    ) async throws -> JSONValue {
        let object = try await store.get(type, namespace: namespace, name: name)
        switch type {
        case .pods:
            let bound = object[path: ["spec", "nodeName"]]?.stringValue != nil
            let grace =
                gracePeriodSeconds ?? object[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue.map(Int.init)
                ?? defaultGracePeriodSeconds
            // An unbound pod has nothing to stop; a zero grace period (`--grace-period=0 --force`) removes the
            // pod from the API at once and the kubelet kills its processes when it sees it gone.
            if !bound || grace == 0 {
                return try await store.remove(type, namespace: namespace, name: name)
            }
            if let current = object[path: ["metadata", "deletionGracePeriodSeconds"]]?.intValue, current <= grace {
                return object
            }
            let stamp = ObjectStore.timestamp(now().addingTimeInterval(TimeInterval(grace)))
            return try await store.mutate(type, namespace: namespace, name: name) { pod in
                pod[path: ["metadata", "deletionTimestamp"]] = .string(stamp)
                pod[path: ["metadata", "deletionGracePeriodSeconds"]] = .int(Int64(grace))
            }
        case .namespaces:
            if object.isTerminating { return object }
            let stamp = ObjectStore.timestamp(now())
            return try await store.mutate(type, namespace: nil, name: name) { namespace in
                namespace[path: ["metadata", "deletionTimestamp"]] = .string(stamp)
                namespace[path: ["status", "phase"]] = "Terminating"
            }
        default:
            // Finalizers hold the object: it gets a deletionTimestamp and stays until the controllers that own
            // the finalizers remove them (``removeIfFinalized(_:_:)`` then removes it).
            let finalizers = object[path: ["metadata", "finalizers"]]?.arrayValue ?? []
            guard !finalizers.isEmpty else { return try await store.remove(type, namespace: namespace, name: name) }
            if object[path: ["metadata", "deletionTimestamp"]] != nil { return object }
            let stamp = ObjectStore.timestamp(now())
            return try await store.mutate(type, namespace: namespace, name: name) { held in
                held[path: ["metadata", "deletionTimestamp"]] = .string(stamp)
                held[path: ["metadata", "deletionGracePeriodSeconds"]] = 0
            }
        }
    }

    /// Removes `object` when it is being deleted and its last finalizer is gone (pods and namespaces have
    /// their own owners: the kubelet and the namespace controller). Returns the object as it now stands.
    @discardableResult
    public func removeIfFinalized(_ type: ResourceType, _ object: JSONValue) async throws -> JSONValue {
        guard type != .pods, type != .namespaces, object[path: ["metadata", "deletionTimestamp"]] != nil,
            (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty
        else { return object }
        return try await store.remove(type, namespace: object.namespace, name: object.name)
    }
}
