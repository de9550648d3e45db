import Foundation
import OpsLabCore
import OpsLabKube

/// How far an app's pods are from all being Ready, computed from the Deployments and Pods of its namespace.
public struct AppReadiness: Sendable, Equatable {
    /// Pods the Deployments want (sum of `spec.replicas`, 1 when unset).
    public var expected: Int
    /// Pods that are Running with every container ready (and not being deleted).
    public var ready: Int
    /// What is still not ready, e.g. `mongodb-geo` or `geo (CrashLoopBackOff)`, sorted.
    public var waitingFor: [String]

    /// Creates a snapshot.
    public init(expected: Int, ready: Int, waitingFor: [String]) {
        self.expected = expected
        self.ready = ready
        self.waitingFor = waitingFor
    }

    /// Whether every wanted pod is Ready and nothing else is pending.
    public var isComplete: Bool { expected > 0 && ready >= expected && waitingFor.isEmpty }

    /// The progress line, e.g. `[12/19 ready] waiting for mongodb-geo, user (CrashLoopBackOff)`.
    public var progressLine: String {
        let head = "[\(min(ready, expected))/\(expected) ready]"
        guard !waitingFor.isEmpty else { return head }
        let shown = waitingFor.prefix(4).joined(separator: ", ")
        let more = waitingFor.count > 4 ? " and \(waitingFor.count - 4) more" : ""
        return "\(head) waiting for \(shown)\(more)…"
    }

    /// Computes readiness from listed Deployments and Pods.
    public init(deployments: [JSONValue], pods: [JSONValue]) {
        var expectedByDeployment: [String: Int] = [:]
        for deployment in deployments {
            expectedByDeployment[deployment.name] = Int(deployment[path: ["spec", "replicas"]]?.intValue ?? 1)
        }
        var readyByDeployment: [String: Int] = [:]
        var waiting: Set<String> = []
        for pod in pods where pod[path: ["metadata", "deletionTimestamp"]] == nil {
            let owner = Self.deploymentName(ofPod: pod.name)
            if Self.isReady(pod) {
                readyByDeployment[owner, default: 0] += 1
            } else {
                waiting.insert(Self.reason(pod).map { "\(owner) (\($0))" } ?? owner)
            }
        }
        for (name, count) in expectedByDeployment where readyByDeployment[name, default: 0] < count {
            if !waiting.contains(where: { $0 == name || $0.hasPrefix(name + " (") }) { waiting.insert(name) }
        }
        let ready = expectedByDeployment.reduce(0) { $0 + min(readyByDeployment[$1.key, default: 0], $1.value) }
        self.init(
            expected: expectedByDeployment.values.reduce(0, +), ready: ready, waitingFor: waiting.sorted())
    }

    /// `geo-5f7b9c6d4-x2kqz` → `geo` (a Deployment's pod name without its ReplicaSet hash and suffix).
    public static func deploymentName(ofPod name: String) -> String {
        let parts = name.split(separator: "-")
        guard parts.count > 2 else { return name }
        return parts.dropLast(2).joined(separator: "-")
    }

    /// Whether a pod is Running with every container ready.
    public static func isReady(_ pod: JSONValue) -> Bool {
        guard pod[path: ["status", "phase"]]?.stringValue == "Running" else { return false }
        let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
        return !statuses.isEmpty && statuses.allSatisfy { $0["ready"]?.boolValue == true }
    }

    /// A waiting or terminated container's reason (e.g. `CrashLoopBackOff`), if any.
    static func reason(_ pod: JSONValue) -> String? {
        for status in pod[path: ["status", "containerStatuses"]]?.arrayValue ?? [] {
            if let reason = status[path: ["state", "waiting", "reason"]]?.stringValue,
                reason != "ContainerCreating"
            {
                return reason
            }
            if let reason = status[path: ["state", "terminated", "reason"]]?.stringValue { return reason }
        }
        return nil
    }
}
