import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import ServiceLifecycle

/// Empties and removes namespaces that are being deleted: for a namespace with `deletionTimestamp`
/// (phase `Terminating`) it deletes every namespaced object in it (pods gracefully, through
/// ``ObjectDeleter``) and removes the namespace once no pods remain.
///
/// Runs a pass on every Namespace change, on every pod deletion and every `resyncInterval`.
public struct NamespaceController: ServiceLifecycle.Service {
    /// The cluster the controller works on.
    public let context: ClusterContext
    /// The period of the full resync.
    public var resyncInterval: Duration
    let logger: Logger

    /// Creates the controller with a 5 s resync.
    public init(context: ClusterContext) {
        self.init(context: context, resyncInterval: .seconds(5))
    }

    /// Creates the controller with a custom resync period.
    public init(context: ClusterContext, resyncInterval: Duration) {
        self.context = context
        self.resyncInterval = resyncInterval
        var logger = context.logger
        logger[metadataKey: "component"] = "namespace-controller"
        self.logger = logger
    }

    /// Reconciles until cancelled.
    public func run() async throws {
        let loop = WorkloadReconcileLoop(
            store: context.store, types: [.namespaces, .pods], resyncInterval: resyncInterval,
            wants: { type, event in type == .namespaces || event.kind == .deleted }
        )
        await loop.run { await self.syncAll() }
    }

    /// One pass over every terminating namespace.
    public func syncAll() async {
        for namespace in await context.store.list(.namespaces).items where namespace.isTerminating {
            await finalize(namespace.name)
        }
    }

    /// The namespaced types in the order their objects are deleted: workloads first (so nothing recreates
    /// pods), then pods, then the rest.
    static var deletionOrder: [ResourceType] {
        let first: [ResourceType] = [.deployments, .replicaSets, .pods]
        return first + ResourceType.builtIn.filter { $0.namespaced && !first.contains($0) }
    }

    private func finalize(_ namespace: String) async {
        let store = context.store
        let deleter = ObjectDeleter(
            store: store, now: context.now, defaultGracePeriodSeconds: context.configuration.defaultGracePeriodSeconds
        )
        for type in Self.deletionOrder {
            for object in await store.list(type, namespace: namespace).items {
                if type == .pods && object.isTerminating { continue }
                do {
                    try await deleter.delete(type, namespace: namespace, name: object.name)
                } catch {
                    logger.debug("failed to delete", metadata: ["name": .string(object.name), "error": "\(error)"])
                }
            }
        }
        guard await store.list(.pods, namespace: namespace).items.isEmpty else { return }
        // Events written while pods stopped, and anything created meanwhile, go too.
        for type in Self.deletionOrder where type != .pods {
            for object in await store.list(type, namespace: namespace).items {
                _ = try? await store.remove(type, namespace: namespace, name: object.name)
            }
        }
        do {
            try await store.remove(.namespaces, namespace: nil, name: namespace)
            logger.info("namespace removed", metadata: ["namespace": .string(namespace)])
        } catch {
            logger.debug("failed to remove namespace", metadata: ["namespace": .string(namespace)])
        }
    }
}
