import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

/// Builders and a fake kubelet shared by the workload controller tests.
enum WorkloadFixture {
    /// A context over a fresh store that has the `default` namespace.
    static func context() async throws -> ClusterContext {
        let store = ObjectStore()
        try await store.create(.namespaces, ["metadata": ["name": "default"]])
        let configuration = ClusterConfiguration(
            stateDirectory: NSTemporaryDirectory() + "opslab-workload-tests", block: 250, executablePath: "/bin/true",
            defaultGracePeriodSeconds: 30
        )
        return ClusterContext(store: store, configuration: configuration, logger: Logger(label: "workload-tests"))
    }

    /// A pod template with one container and `app: <app>` labels.
    static func template(app: String, image: String = "nginx:1") -> JSONValue {
        [
            "metadata": ["labels": ["app": .string(app)]],
            "spec": ["containers": [["name": "main", "image": .string(image)]]],
        ]
    }

    /// A Deployment manifest.
    static func deployment(_ name: String, replicas: Int, image: String = "nginx:1") -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": "default"],
            "spec": [
                "replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
                "template": template(app: name, image: image),
            ],
        ]
    }

    /// A bare ReplicaSet manifest.
    static func replicaSet(_ name: String, replicas: Int) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": ["name": .string(name), "namespace": "default"],
            "spec": [
                "replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
                "template": template(app: name),
            ],
        ]
    }

    /// Plays kubelet and scheduler: binds every live pod, marks it Running and Ready, and removes
    /// pods that are terminating.
    static func kubelet(_ store: ObjectStore, ready: Bool = true) async {
        for pod in await store.list(.pods).items {
            if pod.isTerminating {
                _ = try? await store.remove(.pods, namespace: pod.namespace, name: pod.name)
                continue
            }
            _ = try? await store.mutate(.pods, namespace: pod.namespace, name: pod.name) { object in
                object[path: ["spec", "nodeName"]] = "node-1"
                object[path: ["status", "phase"]] = "Running"
                object[path: ["status", "conditions"]] = [
                    ["type": "Ready", "status": ready ? "True" : "False"]
                ]
            }
        }
    }

    /// Polls `condition` every 20 ms until it holds or `seconds` pass.
    static func eventually(seconds: Double = 5, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return await condition()
    }

    /// Starts the workload controllers (fast resync); cancel the task (``stop(_:)``) to stop them.
    static func start(_ context: ClusterContext) -> Task<Void, Never> {
        Task {
            await withDiscardingTaskGroup { group in
                let interval = Duration.milliseconds(300)
                group.addTask { try? await DeploymentController(context: context, resyncInterval: interval).run() }
                group.addTask { try? await ReplicaSetController(context: context, resyncInterval: interval).run() }
                group.addTask { try? await GarbageCollector(context: context, resyncInterval: interval).run() }
                group.addTask { try? await NamespaceController(context: context, resyncInterval: interval).run() }
            }
        }
    }

    /// Stops controllers started with ``start(_:)`` and waits for them to return.
    static func stop(_ controllers: Task<Void, Never>) async {
        controllers.cancel()
        await controllers.value
    }

    /// Pods of the default namespace that are not terminating.
    static func livePods(_ store: ObjectStore) async -> [JSONValue] {
        await store.list(.pods, namespace: "default").items.filter { !$0.isTerminating }
    }

    /// Reasons and messages of the events about an object.
    static func events(_ store: ObjectStore, about name: String) async -> [String] {
        await store.list(.events).items.filter { $0[path: ["involvedObject", "name"]]?.stringValue == name }
            .map { "\($0["reason"]?.stringValue ?? "") \($0["message"]?.stringValue ?? "")" }
    }
}

@Suite("ReplicaSetController")
struct ReplicaSetControllerTests {
    @Test("creates pods named <rs>-<5 chars> with labels, spec and a controller reference")
    func createsPods() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        let replicaSet = try await store.create(.replicaSets, WorkloadFixture.replicaSet("web", replicas: 3))
        let controller = ReplicaSetController(context: context)
        await controller.syncAll()
        let pods = await store.list(.pods, namespace: "default").items
        #expect(pods.count == 3)
        let alphabet = Set("bcdfghjklmnpqrstvwxz2456789")
        for pod in pods {
            #expect(pod.name.hasPrefix("web-"))
            let suffix = pod.name.dropFirst("web-".count)
            #expect(suffix.count == 5 && suffix.allSatisfy { alphabet.contains($0) })
            #expect(pod.labels == ["app": "web"])
            #expect(pod[path: ["spec", "containers"]]?[0]?["image"]?.stringValue == "nginx:1")
            let reference = WorkloadPods.ownerReferences(of: pod).first
            #expect(reference?["uid"]?.stringValue == replicaSet.uid)
            #expect(reference?["kind"]?.stringValue == "ReplicaSet")
            #expect(reference?["controller"]?.boolValue == true)
            #expect(reference?["blockOwnerDeletion"]?.boolValue == true)
        }
        let events = await WorkloadFixture.events(store, about: "web")
        #expect(events.filter { $0.hasPrefix("SuccessfulCreate Created pod: web-") }.count == 3)
        let status = try await store.get(.replicaSets, namespace: "default", name: "web")["status"]
        #expect(status?["replicas"]?.intValue == 3)
        #expect(status?["readyReplicas"] == nil)
        #expect(status?["observedGeneration"]?.intValue == 1)
    }

    @Test("scaling down deletes surplus pods, not-ready ones first, and status follows readiness")
    func scalesDown() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        _ = try await store.create(.replicaSets, WorkloadFixture.replicaSet("web", replicas: 3))
        let controller = ReplicaSetController(context: context)
        await controller.syncAll()
        await WorkloadFixture.kubelet(store)
        let pods = await store.list(.pods, namespace: "default").items
        // One pod becomes not ready: it should be the first to go.
        let sick = pods[1].name
        try await store.mutate(.pods, namespace: "default", name: sick) {
            $0[path: ["status", "conditions"]] = [["type": "Ready", "status": "False"]]
        }
        await controller.syncAll()
        var status = try await store.get(.replicaSets, namespace: "default", name: "web")["status"]
        #expect(status?["readyReplicas"]?.intValue == 2)
        #expect(status?["availableReplicas"]?.intValue == 2)
        try await store.mutate(.replicaSets, namespace: "default", name: "web") { $0[path: ["spec", "replicas"]] = 2 }
        await controller.syncAll()
        let sickPod = try await store.get(.pods, namespace: "default", name: sick)
        #expect(sickPod.isTerminating)
        #expect(await WorkloadFixture.livePods(store).count == 2)
        #expect(await WorkloadFixture.events(store, about: "web").contains("SuccessfulDelete Deleted pod: \(sick)"))
        status = try await store.get(.replicaSets, namespace: "default", name: "web")["status"]
        #expect(status?["replicas"]?.intValue == 2)
        #expect(status?["observedGeneration"]?.intValue == 2)
    }

    @Test("a deleted pod is replaced and a relabelled pod is released and replaced")
    func replacesPods() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        _ = try await store.create(.replicaSets, WorkloadFixture.replicaSet("web", replicas: 2))
        let controller = ReplicaSetController(context: context)
        await controller.syncAll()
        let pods = await store.list(.pods, namespace: "default").items
        try await store.remove(.pods, namespace: "default", name: pods[0].name)
        try await store.mutate(.pods, namespace: "default", name: pods[1].name) { $0.labels = ["app": "debug"] }
        await controller.syncAll()
        let released = try await store.get(.pods, namespace: "default", name: pods[1].name)
        #expect(WorkloadPods.controllerUID(of: released) == nil)
        let owned = await store.list(.pods, namespace: "default").items.filter { $0.labels["app"] == "web" }
        #expect(owned.count == 2)
        #expect(!owned.contains { $0.name == pods[0].name })
    }

    @Test("an orphan pod matching the selector is adopted instead of creating a new one")
    func adoptsOrphans() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        let orphan: JSONValue = [
            "metadata": ["name": "stray", "namespace": "default", "labels": ["app": "web"]],
            "spec": ["containers": [["name": "main", "image": "nginx:1"]]],
        ]
        try await store.create(.pods, orphan)
        let replicaSet = try await store.create(.replicaSets, WorkloadFixture.replicaSet("web", replicas: 1))
        await ReplicaSetController(context: context).syncAll()
        let pods = await store.list(.pods, namespace: "default").items
        #expect(pods.map(\.name) == ["stray"])
        #expect(WorkloadPods.controllerUID(of: pods[0]) == replicaSet.uid)
    }

    @Test("pods are deleted in Kubernetes' order: unscheduled, pending, not ready, then newest")
    func deletionOrder() {
        func pod(_ name: String, node: String?, phase: String, ready: Bool, created: String) -> JSONValue {
            var pod: JSONValue = ["metadata": ["name": .string(name), "creationTimestamp": .string(created)]]
            if let node { pod[path: ["spec", "nodeName"]] = .string(node) }
            pod[path: ["status", "phase"]] = .string(phase)
            pod[path: ["status", "conditions"]] = [["type": "Ready", "status": ready ? "True" : "False"]]
            return pod
        }
        let pods = [
            pod("old-ready", node: "n", phase: "Running", ready: true, created: "2025-01-01T00:00:00Z"),
            pod("new-ready", node: "n", phase: "Running", ready: true, created: "2025-01-02T00:00:00Z"),
            pod("not-ready", node: "n", phase: "Running", ready: false, created: "2025-01-01T00:00:00Z"),
            pod("pending", node: "n", phase: "Pending", ready: false, created: "2025-01-01T00:00:00Z"),
            pod("unscheduled", node: nil, phase: "Pending", ready: false, created: "2025-01-01T00:00:00Z"),
        ]
        let order = WorkloadPods.deletionOrder(pods).map(\.name)
        #expect(order == ["unscheduled", "pending", "not-ready", "new-ready", "old-ready"])
    }

    @Test("QoS class of pod specs")
    func qosClass() {
        let bestEffort: JSONValue = ["containers": [["name": "a"]]]
        let guaranteed: JSONValue = [
            "containers": [["name": "a", "resources": ["limits": ["cpu": "1", "memory": "1Gi"]]]]
        ]
        let burstable: JSONValue = ["containers": [["name": "a", "resources": ["requests": ["cpu": "100m"]]]]]
        #expect(WorkloadPods.qosClass(of: bestEffort) == "BestEffort")
        #expect(WorkloadPods.qosClass(of: guaranteed) == "Guaranteed")
        #expect(WorkloadPods.qosClass(of: burstable) == "Burstable")
    }
}
