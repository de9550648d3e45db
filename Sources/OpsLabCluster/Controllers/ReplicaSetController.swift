import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import ServiceLifecycle

/// Keeps each ReplicaSet's `spec.replicas` pods running: creates pods from the template, deletes
/// surplus ones (gracefully, through ``ObjectDeleter``), adopts matching orphans, releases pods whose
/// labels no longer match, and reports `status`.
///
/// Reconciles on every ReplicaSet, Pod and Namespace change and resyncs every `resyncInterval`.
public struct ReplicaSetController: ServiceLifecycle.Service {
    /// `source.component` of the events it records.
    public static let component = "replicaset-controller"

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
            store: context.store, types: [.replicaSets, .pods, .namespaces], resyncInterval: resyncInterval
        )
        await loop.run { await self.syncAll() }
    }

    /// One pass over every ReplicaSet (public so tests and tools can drive the controller step by step).
    public func syncAll() async {
        let store = context.store
        let sets = await store.list(.replicaSets).items
        guard !sets.isEmpty else { return }
        let pods = Dictionary(grouping: await store.list(.pods).items) { $0.namespace ?? "default" }
        let terminating = Set(await store.list(.namespaces).items.filter(\.isTerminating).map(\.name))
        for replicaSet in sets {
            let namespace = replicaSet.namespace ?? "default"
            await sync(replicaSet, pods: pods[namespace] ?? [], namespaceTerminating: terminating.contains(namespace))
        }
    }

    private func sync(_ replicaSet: JSONValue, pods: [JSONValue], namespaceTerminating: Bool) async {
        guard let selector = WorkloadPods.selector(replicaSet[path: ["spec", "selector"]]) else {
            logger.debug("replicaset has no usable selector", metadata: ["rs": .string(replicaSet.name)])
            return
        }
        let uid = replicaSet.uid
        var owned: [JSONValue] = []
        for pod in pods {
            let owner = WorkloadPods.controllerUID(of: pod)
            let matches = selector.matches(pod.labels)
            if owner == uid {
                if matches || pod.isTerminating {
                    owned.append(pod)
                } else {
                    await release(pod, from: uid)
                }
            } else if owner == nil, matches, WorkloadPods.isActive(pod), !namespaceTerminating {
                if let adopted = await adopt(pod, by: replicaSet) { owned.append(adopted) }
            }
        }
        var active = owned.filter(WorkloadPods.isActive)
        let desired = Int(replicaSet[path: ["spec", "replicas"]]?.intValue ?? 1)
        if active.count < desired && !namespaceTerminating {
            for _ in 0..<(desired - active.count) {
                guard let pod = await createPod(for: replicaSet) else { break }
                active.append(pod)
            }
        } else if active.count > desired {
            let victims = WorkloadPods.deletionOrder(active).prefix(active.count - desired)
            for victim in victims where await deletePod(victim, of: replicaSet) {
                active.removeAll { $0.uid == victim.uid }
            }
        }
        await writeStatus(of: replicaSet, active: active)
    }

    private func adopt(_ pod: JSONValue, by replicaSet: JSONValue) async -> JSONValue? {
        let reference = WorkloadPods.controllerReference(to: replicaSet)
        let updated = try? await context.store.mutate(.pods, namespace: pod.namespace, name: pod.name) { object in
            guard WorkloadPods.controllerUID(of: object) == nil else { return }
            let references = WorkloadPods.ownerReferences(of: object)
            object[path: ["metadata", "ownerReferences"]] = .array(references + [reference])
        }
        guard let updated, WorkloadPods.controllerUID(of: updated) == replicaSet.uid else { return nil }
        logger.debug("adopted pod", metadata: ["rs": .string(replicaSet.name), "pod": .string(pod.name)])
        return updated
    }

    private func release(_ pod: JSONValue, from uid: String) async {
        _ = try? await context.store.mutate(.pods, namespace: pod.namespace, name: pod.name) { object in
            let kept = WorkloadPods.ownerReferences(of: object).filter { $0["uid"]?.stringValue != uid }
            object[path: ["metadata", "ownerReferences"]] = kept.isEmpty ? JSONValue?.none : .array(kept)
        }
    }

    private func createPod(for replicaSet: JSONValue) async -> JSONValue? {
        let template = replicaSet[path: ["spec", "template"]] ?? .emptyObject
        var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod"]
        pod[path: ["metadata", "generateName"]] = .string(replicaSet.name + "-")
        pod[path: ["metadata", "namespace"]] = .string(replicaSet.namespace ?? "default")
        for field in ["labels", "annotations"] {
            if let value = template[path: ["metadata", field]], !value.isNull {
                pod[path: ["metadata", field]] = value
            }
        }
        pod[path: ["metadata", "ownerReferences"]] = [WorkloadPods.controllerReference(to: replicaSet)]
        pod["spec"] = template["spec"] ?? .emptyObject
        pod["status"] = ["phase": "Pending", "qosClass": .string(WorkloadPods.qosClass(of: pod["spec"]))]
        do {
            let created = try await context.store.create(.pods, pod)
            await context.recorder(component: Self.component)
                .record(replicaSet, reason: "SuccessfulCreate", message: "Created pod: \(created.name)")
            return created
        } catch {
            logger.warning(
                "failed to create pod", metadata: ["rs": .string(replicaSet.name), "error": .string("\(error)")]
            )
            await context.recorder(component: Self.component).record(
                replicaSet, type: "Warning", reason: "FailedCreate", message: "Error creating: \(error)"
            )
            return nil
        }
    }

    private func deletePod(_ pod: JSONValue, of replicaSet: JSONValue) async -> Bool {
        let deleter = ObjectDeleter(
            store: context.store, now: context.now,
            defaultGracePeriodSeconds: context.configuration.defaultGracePeriodSeconds
        )
        do {
            try await deleter.delete(.pods, namespace: pod.namespace, name: pod.name)
            await context.recorder(component: Self.component)
                .record(replicaSet, reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name)")
            return true
        } catch {
            logger.debug("failed to delete pod", metadata: ["pod": .string(pod.name), "error": .string("\(error)")])
            return false
        }
    }

    private func writeStatus(of replicaSet: JSONValue, active: [JSONValue]) async {
        let now = context.now()
        let minReady = Int(replicaSet[path: ["spec", "minReadySeconds"]]?.intValue ?? 0)
        let templateLabels = (replicaSet[path: ["spec", "template"]] ?? .emptyObject).labels
        let fullyLabeled = active.filter { pod in
            let labels = pod.labels
            return templateLabels.allSatisfy { labels[$0.key] == $0.value }
        }
        let fields: [(String, Int64?)] = [
            ("replicas", Int64(active.count)),
            ("fullyLabeledReplicas", Int64(fullyLabeled.count)),
            ("readyReplicas", Int64(active.filter(WorkloadPods.isReady).count)),
            (
                "availableReplicas",
                Int64(
                    active.filter {
                        WorkloadPods.isAvailable($0, minReadySeconds: minReady, now: now)
                    }.count)
            ),
            ("observedGeneration", replicaSet[path: ["metadata", "generation"]]?.intValue),
        ]
        var status = replicaSet["status"] ?? .emptyObject
        for (key, value) in fields {
            guard let value, value != 0 || key == "replicas" else {
                status[key] = JSONValue?.none
                continue
            }
            status[key] = .int(value)
        }
        guard status != replicaSet["status"] else { return }
        let keys = fields.map(\.0)
        do {
            try await context.store.mutate(.replicaSets, namespace: replicaSet.namespace, name: replicaSet.name) {
                for key in keys { $0[path: ["status", key]] = status[key] }
            }
        } catch {
            logger.debug("failed to write status", metadata: ["rs": .string(replicaSet.name)])
        }
    }
}
