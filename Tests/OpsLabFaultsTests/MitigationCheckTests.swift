import Foundation
import OpsLabCore
import OpsLabFaults
import Testing

@Suite("Mitigation checks")
struct MitigationCheckTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static func pod(
        _ name: String, phase: String = "Running", ready: Bool = true, state: JSONValue = ["running": .emptyObject],
        lastFinished: Date? = nil, terminating: Bool = false
    ) -> JSONValue {
        var status: JSONValue = ["name": "c", "ready": .bool(ready), "state": state, "restartCount": 1]
        if let lastFinished {
            let text = ISO8601DateFormatter().string(from: lastFinished)
            status["lastState"] = ["terminated": ["reason": "Error", "finishedAt": .string(text)]]
        }
        var pod: JSONValue = [
            "metadata": ["name": .string(name)],
            "status": ["phase": .string(phase), "containerStatuses": [status]],
        ]
        if terminating { pod[path: ["metadata", "deletionTimestamp"]] = "2023-11-14T22:13:20Z" }
        return pod
    }

    @Test func healthyPodsPass() {
        let verdict = AppHealth.evaluate(pods: [Self.pod("a"), Self.pod("b")], now: Self.now)
        #expect(verdict.success)
        #expect(verdict.reasons.isEmpty)
        #expect(verdict.description == "mitigated")
    }

    @Test func crashLoopNotReadyAndErrorsFail() {
        let pods = [
            Self.pod("geo", ready: false, state: ["waiting": ["reason": "CrashLoopBackOff"]]),
            Self.pod("rate", ready: false),
            Self.pod("job", state: ["terminated": ["reason": "Completed"]]),
            Self.pod("user", ready: false, state: ["terminated": ["reason": "Error"]]),
            Self.pod("done", phase: "Succeeded", ready: false, state: ["terminated": ["reason": "Completed"]]),
        ]
        let verdict = AppHealth.evaluate(pods: pods, now: Self.now)
        #expect(!verdict.success)
        #expect(
            verdict.reasons == [
                "pod geo container c is waiting: CrashLoopBackOff",
                "pod rate container c is not ready",
                "pod user container c terminated: Error",
            ])
    }

    @Test func pendingAndTerminatingPodsFail() {
        var pending = Self.pod("p", phase: "Pending")
        pending[path: ["status", "containerStatuses"]] = nil
        pending[path: ["status", "conditions"]] = [
            ["type": "PodScheduled", "status": "False", "reason": "Unschedulable"]
        ]
        let verdict = AppHealth.evaluate(pods: [pending, Self.pod("t", terminating: true)], now: Self.now)
        #expect(verdict.reasons == ["pod p is Pending (Unschedulable)", "pod t is terminating"])
    }

    @Test func recentRestartsFailOnlyInsideTheWindow() {
        let recent = Self.pod("geo", lastFinished: Self.now.addingTimeInterval(-3))
        let old = Self.pod("rate", lastFinished: Self.now.addingTimeInterval(-60))
        let verdict = AppHealth.evaluate(pods: [recent, old], now: Self.now, restartWindow: .seconds(10))
        #expect(verdict.reasons == ["pod geo container c restarted 3s ago (1 restarts)"])
        #expect(AppHealth.evaluate(pods: [recent], now: Self.now, restartWindow: .zero).success)
    }

    @Test func verdictsCombine() {
        let bad = MitigationVerdict(reasons: ["x"])
        #expect(!bad.success)
        let both = MitigationVerdict.ok.combined(with: bad).combined(with: MitigationVerdict(reasons: ["y"]))
        #expect(!both.success && both.reasons == ["x", "y"])
        #expect(both.description == "not mitigated: x; y")
        #expect(MitigationVerdict.ok.combined(with: .ok).success)
    }

    static func service(_ targetPort: JSONValue?) -> JSONValue {
        var port: JSONValue = ["name": "8083", "port": 8083]
        port["targetPort"] = targetPort
        return ["metadata": ["name": "geo"], "spec": ["ports": [port]]]
    }

    @Test func targetPortMustMatchAContainerPort() {
        let ports = [TargetPortMisconfigFault.ContainerPort(port: 8083, name: "grpc")]
        #expect(TargetPortMisconfigFault.portProblems(service: Self.service(8083), containerPorts: ports).isEmpty)
        #expect(TargetPortMisconfigFault.portProblems(service: Self.service(nil), containerPorts: ports).isEmpty)
        #expect(TargetPortMisconfigFault.portProblems(service: Self.service("grpc"), containerPorts: ports).isEmpty)
        #expect(
            TargetPortMisconfigFault.portProblems(service: Self.service(9999), containerPorts: ports) == [
                "service geo port 8083 targets 9999, but the containers listen on 8083"
            ])
        #expect(
            TargetPortMisconfigFault.portProblems(service: Self.service("http"), containerPorts: ports).count == 1)
    }

    static func deployment(replicas: Int64, available: Int64?, selector: JSONValue? = nil) -> JSONValue {
        var object: JSONValue = ["metadata": ["name": "user"], "spec": ["replicas": .int(replicas)]]
        if let available { object[path: ["status", "availableReplicas"]] = .int(available) }
        if let selector { object[path: ["spec", "template", "spec", "nodeSelector"]] = selector }
        return object
    }

    @Test func replicasMustBeWantedAndAvailable() {
        #expect(ScaleToZeroFault.replicaProblems(Self.deployment(replicas: 1, available: 1)).isEmpty)
        #expect(
            ScaleToZeroFault.replicaProblems(Self.deployment(replicas: 0, available: nil)) == [
                "deployment user is scaled to 0 replicas"
            ])
        #expect(
            ScaleToZeroFault.replicaProblems(Self.deployment(replicas: 2, available: 1)) == [
                "deployment user has 1 of 2 replicas available"
            ])
    }

    @Test func nodeSelectorMustMatchANode() {
        let nodes = [["kubernetes.io/hostname": "opslab-node", "kubernetes.io/os": "linux"]]
        let pinned = Self.deployment(
            replicas: 1, available: 1, selector: ["kubernetes.io/hostname": "extra-node"])
        #expect(
            AssignNonExistentNodeFault.selectorProblems(pinned, nodeLabels: nodes) == [
                "deployment user selects nodes kubernetes.io/hostname=extra-node, which no node matches"
            ])
        let fine = Self.deployment(replicas: 1, available: 1, selector: ["kubernetes.io/os": "linux"])
        #expect(AssignNonExistentNodeFault.selectorProblems(fine, nodeLabels: nodes).isEmpty)
        #expect(
            AssignNonExistentNodeFault.selectorProblems(Self.deployment(replicas: 1, available: 1), nodeLabels: [])
                .isEmpty)
    }

    @Test func restoredSelectorPrefersTheRecordedOriginal() {
        let current: [String: JSONValue] = ["kubernetes.io/hostname": "extra-node", "disk": "ssd"]
        #expect(
            AssignNonExistentNodeFault.restoredSelector(current: current, original: nil, node: "extra-node") == [
                "disk": "ssd"
            ])
        #expect(
            AssignNonExistentNodeFault.restoredSelector(current: current, original: .null, node: "extra-node")
                .isEmpty)
        #expect(
            AssignNonExistentNodeFault.restoredSelector(
                current: current, original: ["zone": "a"], node: "extra-node") == ["zone": "a"])
    }
}
