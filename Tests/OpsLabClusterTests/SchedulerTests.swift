import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

@Suite("Scheduler")
struct SchedulerTests {
    static let controlPlaneTaint = SchedulerNode.Taint(
        key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule"
    )

    static func node(
        _ name: String, tainted: Bool = false, ready: Bool = true, cordoned: Bool = false
    ) -> SchedulerNode {
        SchedulerNode(
            name: name,
            labels: ["kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"],
            taints: tainted ? [controlPlaneTaint] : [], unschedulable: cordoned, ready: ready
        )
    }

    static let kind = [node("opslab-control-plane", tainted: true), node("opslab-worker")]

    @Test("nodeSelector miss on a 2-node cluster gives Kubernetes' exact FailedScheduling message")
    func selectorMiss() {
        let pod = SchedulerPod(name: "geo", nodeSelector: ["kubernetes.io/hostname": "extra-node"])
        let decision = SchedulingDecision.decide(pod: pod, nodes: Self.kind, podCounts: [:])
        #expect(
            decision
                == .unschedulable(
                    message: "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) "
                        + "had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are "
                        + "available: 2 Preemption is not helpful for scheduling."
                )
        )
    }

    @Test("single untainted node selector miss")
    func singleNodeMiss() {
        let pod = SchedulerPod(name: "p", nodeSelector: ["disk": "ssd"])
        let decision = SchedulingDecision.decide(pod: pod, nodes: [Self.node("only")], podCounts: [:])
        #expect(
            decision
                == .unschedulable(
                    message:
                        "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: "
                        + "0/1 nodes are available: 1 Preemption is not helpful for scheduling."
                )
        )
    }

    @Test("counted reasons sort as text, count included")
    func reasonOrdering() {
        let message = SchedulingDecision.failureMessage(
            reasons: ["node(s) were unschedulable": 1, "node(s) didn't match Pod's node affinity/selector": 2],
            nodeCount: 3
        )
        #expect(message.hasPrefix("0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match"))
    }

    @Test("the control-plane taint keeps ordinary pods on the worker")
    func taintAvoided() {
        let pod = SchedulerPod(name: "web")
        let counts = ["opslab-control-plane": 0, "opslab-worker": 10]
        let decision = SchedulingDecision.decide(pod: pod, nodes: Self.kind, podCounts: counts)
        #expect(decision == .bind(node: "opslab-worker"))
    }

    @Test("tolerations: Exists by key, Equal by value, effect must match")
    func tolerations() {
        let taint = SchedulerNode.Taint(key: "dedicated", value: "db", effect: "NoSchedule")
        #expect(SchedulerPod.Toleration(key: "dedicated", operator: "Exists").tolerates(taint))
        #expect(SchedulerPod.Toleration(key: "dedicated", value: "db").tolerates(taint))
        #expect(!SchedulerPod.Toleration(key: "dedicated", value: "web").tolerates(taint))
        #expect(!SchedulerPod.Toleration(key: "dedicated", operator: "Exists", effect: "NoExecute").tolerates(taint))
        #expect(SchedulerPod.Toleration(operator: "Exists").tolerates(taint))

        let tolerant = SchedulerPod(
            name: "cp", tolerations: [.init(key: "node-role.kubernetes.io/control-plane", operator: "Exists")]
        )
        let counts = ["opslab-control-plane": 0, "opslab-worker": 3]
        #expect(
            SchedulingDecision.decide(pod: tolerant, nodes: Self.kind, podCounts: counts)
                == .bind(node: "opslab-control-plane")
        )
    }

    @Test("not-ready and cordoned nodes are filtered with their own reasons")
    func notReadyAndCordoned() {
        let nodes = [Self.node("a", ready: false), Self.node("b", cordoned: true)]
        let decision = SchedulingDecision.decide(pod: SchedulerPod(name: "p"), nodes: nodes, podCounts: [:])
        #expect(
            decision
                == .unschedulable(
                    message:
                        "0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, "
                        + "1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not "
                        + "helpful for scheduling."
                )
        )
        #expect(
            SchedulingDecision.decide(pod: SchedulerPod(name: "p"), nodes: [], podCounts: [:])
                == .unschedulable(message: "no nodes available to schedule pods")
        )
    }

    @Test("balance: fewest pods wins, ties by name")
    func balance() {
        let nodes = [Self.node("w2"), Self.node("w1"), Self.node("w3")]
        let pod = SchedulerPod(name: "p")
        #expect(SchedulingDecision.decide(pod: pod, nodes: nodes, podCounts: [:]) == .bind(node: "w1"))
        let counts = ["w1": 2, "w2": 1, "w3": 1]
        #expect(SchedulingDecision.decide(pod: pod, nodes: nodes, podCounts: counts) == .bind(node: "w2"))
    }

    @Test("reads nodes and pods from stored JSON")
    func parsing() throws {
        let node = SchedulerNode(json: [
            "metadata": ["name": "n1", "labels": ["kubernetes.io/hostname": "n1"]],
            "spec": ["taints": [["key": "k", "value": "v", "effect": "NoSchedule"]], "unschedulable": true],
            "status": ["conditions": [["type": "Ready", "status": "True"]]],
        ])
        #expect(node.ready && node.unschedulable)
        #expect(node.taints == [SchedulerNode.Taint(key: "k", value: "v", effect: "NoSchedule")])
        let pod = SchedulerPod(json: [
            "metadata": ["name": "p", "namespace": "ns"],
            "spec": ["nodeSelector": ["a": "b"], "tolerations": [["key": "k", "operator": "Exists"]]],
        ])
        #expect(pod.nodeSelector == ["a": "b"] && pod.namespace == "ns")
        #expect(pod.tolerates(node.taints[0]))
    }

    @Test(
        "live: binds a pod with an event, marks an unschedulable one Pending with a Warning", .timeLimit(.minutes(1))
    )
    func live() async throws {
        let context = try Self.makeContext()
        defer { try? FileManager.default.removeItem(atPath: context.configuration.stateDirectory) }
        let store = context.store
        try await store.create(.namespaces, ["metadata": ["name": "default"]])
        for (index, name) in ["opslab-control-plane", "opslab-worker"].enumerated() {
            var node: JSONValue = [
                "metadata": ["name": .string(name), "labels": ["kubernetes.io/hostname": .string(name)]],
                "status": ["conditions": [["type": "Ready", "status": "True"]]],
            ]
            if index == 0 {
                node["spec"] = [
                    "taints": [["key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"]]
                ]
            }
            try await store.create(.nodes, node)
        }
        try await store.create(.pods, Self.pod("web", selector: nil))
        try await store.create(.pods, Self.pod("geo", selector: ["kubernetes.io/hostname": "extra-node"]))

        let scheduler = Scheduler(context: context, retryInterval: .milliseconds(200))
        let task = Task { try await scheduler.run() }
        defer { task.cancel() }

        let bound = try await Self.eventually {
            await store.find(.pods, namespace: "default", name: "web")?[path: ["spec", "nodeName"]]?.stringValue
        }
        #expect(bound == "opslab-worker")
        let geoCondition = try await Self.eventually { () -> JSONValue? in
            let pod = await store.find(.pods, namespace: "default", name: "geo")
            return pod?[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"] == "PodScheduled" }
        }
        #expect(geoCondition["status"] == "False" && geoCondition["reason"] == "Unschedulable")
        let events = try await Self.eventually { () -> [JSONValue]? in
            let items = await store.list(.events, namespace: "default").items
            return items.count >= 2 ? items : nil
        }
        let scheduled = events.first { $0["reason"] == "Scheduled" }
        #expect(scheduled?["message"] == "Successfully assigned default/web to opslab-worker")
        #expect(scheduled?[path: ["source", "component"]] == "default-scheduler")
        let failed = events.first { $0["reason"] == "FailedScheduling" }
        #expect(failed?["type"] == "Warning")
        #expect(failed?["message"]?.stringValue?.hasPrefix("0/2 nodes are available: 1 node(s) didn't match") == true)

        // Adding a matching node lets the pending pod schedule on retry.
        try await store.create(
            .nodes,
            [
                "metadata": ["name": "extra-node", "labels": ["kubernetes.io/hostname": "extra-node"]],
                "status": ["conditions": [["type": "Ready", "status": "True"]]],
            ])
        let rebound = try await Self.eventually {
            await store.find(.pods, namespace: "default", name: "geo")?[path: ["spec", "nodeName"]]?.stringValue
        }
        #expect(rebound == "extra-node")
    }

    static func pod(_ name: String, selector: [String: String]?) -> JSONValue {
        var pod: JSONValue = [
            "metadata": ["name": .string(name), "namespace": "default"],
            "spec": ["containers": [["name": "main", "image": "opslab"]]],
            "status": ["phase": "Pending"],
        ]
        if let selector { pod[path: ["spec", "nodeSelector"]] = .object(selector.mapValues(JSONValue.string)) }
        return pod
    }

    /// A context over a fresh state directory in the temporary folder; callers remove
    /// `context.configuration.stateDirectory` when done.
    static func makeContext(block: UInt8 = 201) throws -> ClusterContext {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = ClusterConfiguration(
            stateDirectory: directory.path, block: block, executablePath: "/bin/false"
        )
        return ClusterContext(store: ObjectStore(), configuration: configuration, logger: Logger(label: "test"))
    }

    struct Timeout: Error {}

    /// Polls `body` every 20 ms until it returns a value, failing after `seconds`.
    static func eventually<T>(seconds: Double = 5, _ body: () async -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = await body() { return value }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Timeout()
    }
}
