import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import ServiceLifecycle

/// Deletes objects whose owners are gone: an object whose every `ownerReferences` entry names a uid that
/// no longer exists is deleted (pods gracefully, through ``ObjectDeleter``); references to vanished owners
/// are dropped from objects that still have a live owner.
///
/// Runs a pass on every deletion of a built-in object and every `resyncInterval`. Owner references of
/// kinds the cluster does not serve are left alone.
public struct GarbageCollector: ServiceLifecycle.Service {
    /// The cluster the collector works on.
    public let context: ClusterContext
    /// The period of the full sweep.
    public var resyncInterval: Duration
    /// The types whose objects may be collected, in the order they are checked (owners before dependents).
    public var dependentTypes: [ResourceType]
    let logger: Logger

    /// Creates the collector with a 5 s sweep over every namespaced built-in type.
    public init(context: ClusterContext) {
        self.init(context: context, resyncInterval: .seconds(5))
    }

    /// Creates the collector with a custom sweep period.
    public init(context: ClusterContext, resyncInterval: Duration) {
        self.context = context
        self.resyncInterval = resyncInterval
        let namespaced = ResourceType.builtIn.filter(\.namespaced)
        let first: [ResourceType] = [.deployments, .replicaSets]
        self.dependentTypes = first + namespaced.filter { !first.contains($0) && $0 != .pods } + [.pods]
        var logger = context.logger
        logger[metadataKey: "component"] = "garbage-collector"
        self.logger = logger
    }

    /// Collects until cancelled.
    public func run() async throws {
        let loop = WorkloadReconcileLoop(
            store: context.store, types: ResourceType.builtIn, resyncInterval: resyncInterval,
            wants: { _, event in event.kind == .deleted }
        )
        await loop.run { await self.sweep() }
    }

    /// One sweep over every dependent type; returns how many objects it deleted.
    @discardableResult
    public func sweep() async -> Int {
        var deleted = 0
        for type in dependentTypes {
            for object in await context.store.list(type).items where !object.isTerminating {
                let references = WorkloadPods.ownerReferences(of: object)
                guard !references.isEmpty else { continue }
                var dangling: [String] = []
                for reference in references where await isGone(reference, namespace: object.namespace) {
                    dangling.append(reference["uid"]?.stringValue ?? "")
                }
                if dangling.count == references.count {
                    if await collect(type, object) { deleted += 1 }
                } else if !dangling.isEmpty {
                    _ = try? await context.store.mutate(type, namespace: object.namespace, name: object.name) {
                        let kept = WorkloadPods.ownerReferences(of: $0).filter {
                            !dangling.contains($0["uid"]?.stringValue ?? "")
                        }
                        $0[path: ["metadata", "ownerReferences"]] = .array(kept)
                    }
                }
            }
        }
        return deleted
    }

    /// Whether the owner a reference names is certainly gone (its kind is served and no object of that
    /// kind, name and uid exists).
    private func isGone(_ reference: JSONValue, namespace: String?) async -> Bool {
        guard let apiVersion = reference["apiVersion"]?.stringValue, let kind = reference["kind"]?.stringValue,
            let name = reference["name"]?.stringValue, let uid = reference["uid"]?.stringValue,
            let type = ResourceRegistry().type(apiVersion: apiVersion, kind: kind)
        else { return false }
        guard let owner = await context.store.find(type, namespace: type.namespaced ? namespace : nil, name: name)
        else { return true }
        return owner.uid != uid
    }

    private func collect(_ type: ResourceType, _ object: JSONValue) async -> Bool {
        let deleter = ObjectDeleter(
            store: context.store, now: context.now,
            defaultGracePeriodSeconds: context.configuration.defaultGracePeriodSeconds
        )
        do {
            try await deleter.delete(type, namespace: object.namespace, name: object.name)
            logger.debug(
                "collected orphan", metadata: ["kind": .string(type.kind), "name": .string(object.name)]
            )
            return true
        } catch {
            return false
        }
    }
}
