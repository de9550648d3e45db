import Foundation
import OpsLabKube

/// Pure rules the kubelet uses to summarise a pod's status: phase, QoS class, conditions.
enum PodStatusBuilder {
    /// The pod phase from its container statuses.
    ///
    /// - Pending while some container never ran; Succeeded/Failed when every container terminated for good
    ///   (`finished`); Running otherwise.
    static func phase(_ statuses: [ContainerStatus], finished: [Bool]) -> String {
        if statuses.isEmpty { return "Pending" }
        let neverRan = statuses.contains { status in
            status.restartCount == 0 && status.state?.running == nil && status.state?.terminated == nil
                && status.lastState?.terminated == nil
        }
        if neverRan { return "Pending" }
        if !finished.isEmpty && finished.allSatisfy({ $0 }) {
            let failed = statuses.contains { ($0.state?.terminated?.exitCode ?? 0) != 0 }
            return failed ? "Failed" : "Succeeded"
        }
        return "Running"
    }

    /// The QoS class: Guaranteed when every container's cpu and memory requests equal their limits,
    /// BestEffort when nothing is set, Burstable otherwise.
    static func qosClass(_ containers: [Container]) -> String {
        var anySet = false
        var guaranteed = true
        for container in containers {
            let limits = container.resources?.limits ?? [:]
            let requests = container.resources?.requests ?? [:]
            if !limits.isEmpty || !requests.isEmpty { anySet = true }
            for resource in ["cpu", "memory"] {
                guard let limit = limits[resource]?.value else {
                    guaranteed = false
                    continue
                }
                if let request = requests[resource]?.value, request != limit { guaranteed = false }
            }
        }
        if !anySet { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }

    /// The kubelet's conditions, keeping the previous transition time when a condition's status is unchanged.
    /// `PodScheduled` is copied from `previous` (the scheduler owns it) or set True.
    static func conditions(
        statuses: [ContainerStatus], sandboxReady: Bool, previous: [PodCondition], now: String
    ) -> [PodCondition] {
        let unready = statuses.filter { !$0.ready }.map(\.name)
        let allReady = !statuses.isEmpty && unready.isEmpty
        let message = "containers with unready status: [\(unready.joined(separator: " "))]"
        func make(_ type: String, _ value: Bool, reason: String? = nil, message: String? = nil) -> PodCondition {
            let status = value ? "True" : "False"
            let old = previous.first { $0.type == type }
            let time = old?.status == status ? (old?.lastTransitionTime ?? now) : now
            return PodCondition(
                type: type, status: status, lastTransitionTime: time, reason: value ? nil : reason,
                message: value ? nil : message
            )
        }
        let scheduled =
            previous.first { $0.type == "PodScheduled" }
            ?? PodCondition(
                type: "PodScheduled", status: "True", lastTransitionTime: now
            )
        return [
            make("PodReadyToStartContainers", sandboxReady),
            make("Initialized", true),
            make("Ready", allReady, reason: "ContainersNotReady", message: message),
            make("ContainersReady", allReady, reason: "ContainersNotReady", message: message),
            scheduled,
        ]
    }

    /// The `Terminated` state for an exit.
    static func terminated(
        _ exit: ContainerExit, oomKilled: Bool, startedAt: String?, finishedAt: String, containerID: String?
    ) -> ContainerState.Terminated {
        let reason = oomKilled ? "OOMKilled" : (exit.exitCode == 0 ? "Completed" : "Error")
        var state = ContainerState.Terminated(
            exitCode: oomKilled ? 137 : exit.exitCode, signal: oomKilled ? nil : exit.signal, reason: reason,
            startedAt: startedAt, finishedAt: finishedAt
        )
        state.containerID = containerID
        return state
    }

    /// Whether a container that exited should be restarted under `restartPolicy`.
    static func shouldRestart(policy: String?, exitCode: Int32) -> Bool {
        switch policy ?? "Always" {
        case "Never": return false
        case "OnFailure": return exitCode != 0
        default: return true
        }
    }
}
