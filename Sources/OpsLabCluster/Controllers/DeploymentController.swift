import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import ServiceLifecycle

/// Rolls Deployments out into ReplicaSets: one ReplicaSet per pod template (`<deploy>-<pod-template-hash>`),
/// scaled by the RollingUpdate or Recreate strategy, with revision annotations, history cleanup and the
/// Deployment's `status` (counts and the `Available` / `Progressing` conditions).
///
/// Reconciles on every Deployment, ReplicaSet and Namespace change and every pod deletion (Recreate waits
/// for old pods to go), and resyncs every `resyncInterval`.
public struct DeploymentController: ServiceLifecycle.Service {
    /// `source.component` of the events it records.
    public static let component = "deployment-controller"
    /// Annotation with the rollout revision, on Deployments and their ReplicaSets.
    public static let revisionAnnotation = "deployment.kubernetes.io/revision"
    /// Annotation with the Deployment's `spec.replicas`, on its ReplicaSets.
    public static let desiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas"
    /// Annotation with `spec.replicas + maxSurge`, on its ReplicaSets.
    public static let maxReplicasAnnotation = "deployment.kubernetes.io/max-replicas"

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
        logger[metadataKey: "component"] = .string(Self.component)
        self.logger = logger
    }

    /// Reconciles until cancelled.
    public func run() async throws {
        let loop = WorkloadReconcileLoop(
            store: context.store, types: [.deployments, .replicaSets, .namespaces, .pods],
            resyncInterval: resyncInterval, wants: { type, event in type != .pods || event.kind == .deleted }
        )
        await loop.run { await self.syncAll() }
    }

    /// One pass over every Deployment (public so tests and tools can drive the controller step by step).
    public func syncAll() async {
        let store = context.store
        let deployments = await store.list(.deployments).items
        guard !deployments.isEmpty else { return }
        let sets = Dictionary(grouping: await store.list(.replicaSets).items) { $0.namespace ?? "default" }
        let terminating = Set(await store.list(.namespaces).items.filter(\.isTerminating).map(\.name))
        for deployment in deployments where !deployment.isTerminating {
            let namespace = deployment.namespace ?? "default"
            await sync(deployment, sets: sets[namespace] ?? [], namespaceTerminating: terminating.contains(namespace))
        }
    }

    private func sync(_ deployment: JSONValue, sets: [JSONValue], namespaceTerminating: Bool) async {
        guard let spec = try? deployment["spec"]?.decode(DeploymentSpec.self),
            spec.selector.matchLabels?.isEmpty == false || spec.selector.matchExpressions?.isEmpty == false
        else {
            logger.debug("deployment has no usable spec/selector", metadata: ["deploy": .string(deployment.name)])
            return
        }
        var owned: [JSONValue] = []
        for replicaSet in sets {
            let owner = WorkloadPods.controllerUID(of: replicaSet)
            if owner == deployment.uid {
                owned.append(replicaSet)
            } else if owner == nil, spec.selector.matches(replicaSet.labels), !namespaceTerminating,
                let adopted = await adopt(replicaSet, by: deployment)
            {
                owned.append(adopted)
            }
        }
        let template = deployment[path: ["spec", "template"]] ?? .emptyObject
        var state = DeploymentControllerState(deployment: deployment, spec: spec, owned: owned, template: template)
        if state.recreate {
            // Recreate waits until the old pods are gone, terminating ones included.
            let oldUIDs = Set(state.old.map(\.uid))
            for pod in await context.store.list(.pods, namespace: deployment.namespace).items {
                let phase = pod[path: ["status", "phase"]]?.stringValue
                guard phase != "Succeeded" && phase != "Failed", let owner = WorkloadPods.controllerUID(of: pod),
                    oldUIDs.contains(owner)
                else { continue }
                state.oldPods[owner, default: 0] += 1
            }
        }
        if state.new == nil && spec.paused != true && !namespaceTerminating {
            await createNewReplicaSet(&state)
        }
        if spec.paused != true {
            await syncRevision(&state)
        }
        await scale(&state)
        if spec.paused != true {
            await cleanupHistory(&state)
        }
        await writeStatus(state)
    }

    private func adopt(_ replicaSet: JSONValue, by deployment: JSONValue) async -> JSONValue? {
        let reference = WorkloadPods.controllerReference(to: deployment)
        let updated = try? await context.store.mutate(
            .replicaSets, namespace: replicaSet.namespace, name: replicaSet.name
        ) { object in
            guard WorkloadPods.controllerUID(of: object) == nil else { return }
            let references = WorkloadPods.ownerReferences(of: object)
            object[path: ["metadata", "ownerReferences"]] = .array(references + [reference])
        }
        guard let updated, WorkloadPods.controllerUID(of: updated) == deployment.uid else { return nil }
        return updated
    }

    var recorder: EventRecorder { context.recorder(component: Self.component) }

    var deleter: ObjectDeleter {
        ObjectDeleter(
            store: context.store, now: context.now,
            defaultGracePeriodSeconds: context.configuration.defaultGracePeriodSeconds
        )
    }
}
