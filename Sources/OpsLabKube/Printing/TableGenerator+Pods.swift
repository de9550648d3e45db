import Foundation
import OpsLabCore

extension TableGenerator {
    static let podColumns: [TableColumn] = [
        .name,
        TableColumn("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        TableColumn("Status", "The aggregate status of the containers in this pod."),
        TableColumn(
            "Restarts",
            "The number of times the containers in this pod have been restarted and when the last container in "
                + "this pod has restarted."),
        .age,
        TableColumn(
            "IP", priority: 1,
            "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
        TableColumn(
            "Node", priority: 1,
            "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for "
                + "scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for "
                + "this node becomes responsible for the lifecycle of this pod. This field should not be used to "
                + "express a desire for the pod to be scheduled on a specific node. "
                + "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"),
        TableColumn(
            "Nominated Node", priority: 1,
            "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be "
                + "scheduled right away as preemption victims receive their graceful termination periods. This field "
                + "does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the "
                + "pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the "
                + "resources on this node to a higher priority pod that is created after preemption. As a result, "
                + "this field may be different than PodSpec.nodeName when the pod is scheduled."),
        TableColumn(
            "Readiness Gates", priority: 1,
            "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its "
                + "containers are ready AND all conditions specified in the readiness gates have status equal to "
                + "\"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates"),
    ]

    /// The cells of a pod row: NAME, READY, STATUS, RESTARTS, AGE, IP, NODE, NOMINATED NODE, READINESS GATES.
    static func podCells(_ pod: JSONValue, now: Date) -> [JSONValue] {
        let summary = PodSummary(pod, now: now)
        var ip = list(pod, "status", "podIPs").first?["ip"]?.stringValue ?? ""
        if ip.isEmpty { ip = text(pod, "status", "podIP") }
        let node = text(pod, "spec", "nodeName")
        let nominated = text(pod, "status", "nominatedNodeName")
        let gates = list(pod, "spec", "readinessGates")
        var readinessGates = "<none>"
        if !gates.isEmpty {
            let conditions = list(pod, "status", "conditions")
            let passing = gates.filter { gate in
                let type = gate["conditionType"]?.stringValue
                return conditions.first { $0["type"]?.stringValue == type }?["status"]?.stringValue == "True"
            }
            readinessGates = "\(passing.count)/\(gates.count)"
        }
        return [
            .string(pod.name), .string("\(summary.ready)/\(summary.total)"), .string(summary.status),
            .string(summary.restarts), .string(age(pod, now: now)),
            .string(ip.isEmpty ? "<none>" : ip), .string(node.isEmpty ? "<none>" : node),
            .string(nominated.isEmpty ? "<none>" : nominated), .string(readinessGates),
        ]
    }
}

/// The READY, STATUS and RESTARTS of a pod, computed like Kubernetes' `printPod` (v1.35).
struct PodSummary {
    /// Ready containers (regular ones plus started, ready sidecars).
    var ready = 0
    /// Spec containers plus restartable (sidecar) init containers.
    var total = 0
    /// The STATUS column.
    var status = ""
    /// The RESTARTS column, e.g. `4 (38s ago)`.
    var restarts = "0"

    init(_ pod: JSONValue, now: Date) {
        let spec = pod["spec"] ?? .emptyObject
        let status = pod["status"] ?? .emptyObject
        let phase = status["phase"]?.stringValue ?? ""
        var reason = phase
        if let podReason = status["reason"]?.stringValue, !podReason.isEmpty { reason = podReason }
        let conditions = status["conditions"]?.arrayValue ?? []
        let gated = conditions.contains {
            $0["type"]?.stringValue == "PodScheduled" && $0["reason"]?.stringValue == "SchedulingGated"
        }
        if gated { reason = "SchedulingGated" }

        let initSpecs = spec["initContainers"]?.arrayValue ?? []
        var sidecars = Set<String>()
        for container in initSpecs where container["restartPolicy"]?.stringValue == "Always" {
            sidecars.insert(container["name"]?.stringValue ?? "")
        }
        total = (spec["containers"]?.arrayValue ?? []).count + sidecars.count

        var restartCount: Int64 = 0
        var sidecarRestarts: Int64 = 0
        var lastRestart: Date?
        var lastSidecarRestart: Date?
        var initializing = false
        let initStatuses = status["initContainerStatuses"]?.arrayValue ?? []
        for (index, container) in initStatuses.enumerated() {
            let count = container["restartCount"]?.intValue ?? 0
            let finished = Self.lastTermination(container)
            restartCount += count
            lastRestart = Self.later(lastRestart, finished)
            let isSidecar = sidecars.contains(container["name"]?.stringValue ?? "")
            if isSidecar {
                sidecarRestarts += count
                lastSidecarRestart = Self.later(lastSidecarRestart, finished)
            }
            let terminated = container[path: ["state", "terminated"]]
            let waitingReason = container[path: ["state", "waiting", "reason"]]?.stringValue ?? ""
            if let terminated, (terminated["exitCode"]?.intValue ?? 0) == 0 { continue }
            if isSidecar, container["started"]?.boolValue == true {
                if container["ready"]?.boolValue == true { ready += 1 }
                continue
            }
            if let terminated {
                reason = "Init:" + Self.terminationReason(terminated)
            } else if !waitingReason.isEmpty, waitingReason != "PodInitializing" {
                reason = "Init:" + waitingReason
            } else {
                reason = "Init:\(index)/\(initSpecs.count)"
            }
            initializing = true
            break
        }

        let initialized = conditions.contains {
            $0["type"]?.stringValue == "Initialized" && $0["status"]?.stringValue == "True"
        }
        if !initializing || initialized {
            restartCount = sidecarRestarts
            lastRestart = lastSidecarRestart
            var hasRunning = false
            let statuses = status["containerStatuses"]?.arrayValue ?? []
            for container in statuses.reversed() {
                restartCount += container["restartCount"]?.intValue ?? 0
                lastRestart = Self.later(lastRestart, Self.lastTermination(container))
                let waitingReason = container[path: ["state", "waiting", "reason"]]?.stringValue ?? ""
                if !waitingReason.isEmpty {
                    reason = waitingReason
                } else if let terminated = container[path: ["state", "terminated"]] {
                    reason = Self.terminationReason(terminated)
                } else if container["ready"]?.boolValue == true, container[path: ["state", "running"]] != nil {
                    hasRunning = true
                    ready += 1
                }
            }
            if reason == "Completed", hasRunning {
                let podReady = conditions.contains {
                    $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
                }
                reason = podReady ? "Running" : "NotReady"
            }
        }

        if pod[path: ["metadata", "deletionTimestamp"]] != nil {
            if status["reason"]?.stringValue == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Succeeded", phase != "Failed" {
                reason = "Terminating"
            }
        }
        self.status = reason
        if restartCount != 0, let lastRestart {
            restarts = "\(restartCount) (\(HumanDuration.format(now.timeIntervalSince(lastRestart))) ago)"
        } else {
            restarts = "\(restartCount)"
        }
    }

    /// A terminated state's reason, or `Signal:N` / `ExitCode:N` when it has none.
    static func terminationReason(_ terminated: JSONValue) -> String {
        if let reason = terminated["reason"]?.stringValue, !reason.isEmpty { return reason }
        if let signal = terminated["signal"]?.intValue, signal != 0 { return "Signal:\(signal)" }
        return "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
    }

    /// `lastState.terminated.finishedAt` of a container status.
    static func lastTermination(_ container: JSONValue) -> Date? {
        container[path: ["lastState", "terminated", "finishedAt"]]?.stringValue.flatMap(KubeTime.parse)
    }

    static func later(_ first: Date?, _ second: Date?) -> Date? {
        guard let first else { return second }
        guard let second else { return first }
        return max(first, second)
    }
}
