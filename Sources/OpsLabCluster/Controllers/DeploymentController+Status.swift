import Foundation
import OpsLabCore
import OpsLabKube

extension DeploymentController {
    /// The counts a Deployment's status reports.
    struct StatusCounts: Equatable {
        var replicas = 0
        var updated = 0
        var ready = 0
        var available = 0
        var unavailable = 0

        /// Reads the counts from a stored `status`.
        init(status: JSONValue?) {
            func count(_ key: String) -> Int { Int(status?[key]?.intValue ?? 0) }
            replicas = count("replicas")
            updated = count("updatedReplicas")
            ready = count("readyReplicas")
            available = count("availableReplicas")
            unavailable = count("unavailableReplicas")
        }

        /// Sums the counts of a Deployment's ReplicaSets.
        init(new: JSONValue?, all: [JSONValue]) {
            let count = DeploymentControllerState.statusCount
            replicas = all.reduce(0) { $0 + count($1, "replicas") }
            updated = count(new, "replicas")
            ready = all.reduce(0) { $0 + count($1, "readyReplicas") }
            available = all.reduce(0) { $0 + count($1, "availableReplicas") }
            let total = all.reduce(0) { $0 + DeploymentControllerState.replicas($1) }
            unavailable = max(0, total - available)
        }
    }

    /// Writes `status` (counts, conditions, observedGeneration) and the revision annotation of a Deployment.
    func writeStatus(_ state: DeploymentControllerState) async {
        let deployment = state.deployment
        let previous = deployment["status"]
        let counts = StatusCounts(new: state.new, all: state.all)
        let stamp = ObjectStore.timestamp(context.now())
        var conditions = previous?["conditions"]?.arrayValue ?? []
        if counts.available >= state.desired - state.unavailable {
            conditions = WorkloadConditions.set(
                conditions, type: "Available", status: "True", reason: "MinimumReplicasAvailable",
                message: "Deployment has minimum availability.", now: stamp
            )
        } else {
            conditions = WorkloadConditions.set(
                conditions, type: "Available", status: "False", reason: "MinimumReplicasUnavailable",
                message: "Deployment does not have minimum availability.", now: stamp
            )
        }
        conditions = Self.progressing(
            conditions, deploymentName: deployment.name, newName: state.new?.name, createdNew: state.createdNew,
            paused: state.spec.paused == true, desired: state.desired, counts: counts,
            previous: StatusCounts(status: previous),
            deadlineSeconds: Int(deployment[path: ["spec", "progressDeadlineSeconds"]]?.intValue ?? 600),
            now: context.now()
        )
        var status = previous ?? .emptyObject
        let fields: [(String, Int)] = [
            ("replicas", counts.replicas), ("updatedReplicas", counts.updated), ("readyReplicas", counts.ready),
            ("availableReplicas", counts.available), ("unavailableReplicas", counts.unavailable),
        ]
        for (key, value) in fields { status[key] = value == 0 ? JSONValue?.none : .int(Int64(value)) }
        status["observedGeneration"] = deployment[path: ["metadata", "generation"]]
        status["conditions"] = .array(conditions)
        status["collisionCount"] = state.collisionCount.map(JSONValue.int)
        let revision = state.new.map { String(DeploymentControllerState.revision($0)) }
        let currentRevision = deployment.annotations[Self.revisionAnnotation]
        let newRevision = revision ?? currentRevision
        guard status != previous || newRevision != currentRevision else { return }
        _ = try? await context.store.mutate(.deployments, namespace: deployment.namespace, name: deployment.name) {
            $0["status"] = status
            if let newRevision {
                $0[path: ["metadata", "annotations", Self.revisionAnnotation]] = .string(newRevision)
            }
        }
    }

    /// The `Progressing` condition after one sync, following the deployment controller's rules: paused and
    /// resumed, a new ReplicaSet created, rollout complete, progress made, or the progress deadline exceeded.
    static func progressing(
        _ input: [JSONValue], deploymentName: String, newName: String?, createdNew: Bool, paused: Bool, desired: Int,
        counts: StatusCounts, previous: StatusCounts, deadlineSeconds: Int, now: Date
    ) -> [JSONValue] {
        let stamp = ObjectStore.timestamp(now)
        var conditions = input
        let type = "Progressing"
        func reason() -> String? { WorkloadConditions.find(conditions, type: type)?["reason"]?.stringValue }
        if paused {
            if reason() != "DeploymentPaused" {
                conditions = WorkloadConditions.set(
                    conditions, type: type, status: "Unknown", reason: "DeploymentPaused",
                    message: "Deployment is paused", now: stamp
                )
            }
            return conditions
        }
        if reason() == "DeploymentPaused" {
            conditions = WorkloadConditions.set(
                conditions, type: type, status: "Unknown", reason: "DeploymentResumed",
                message: "Deployment is resumed", now: stamp
            )
        }
        let subject = newName.map { "ReplicaSet \"\($0)\"" } ?? "Deployment \"\(deploymentName)\""
        if createdNew, let newName {
            conditions = WorkloadConditions.set(
                conditions, type: type, status: "True", reason: "NewReplicaSetCreated",
                message: "Created new replica set \"\(newName)\"", now: stamp
            )
        } else if let newName, WorkloadConditions.find(conditions, type: type) == nil {
            conditions = WorkloadConditions.set(
                conditions, type: type, status: "True", reason: "FoundNewReplicaSet",
                message: "Found new replica set \"\(newName)\"", now: stamp
            )
        }
        if counts.replicas == counts.updated && reason() == "NewReplicaSetAvailable" { return conditions }
        let complete = counts.updated == desired && counts.replicas == desired && counts.available == desired
        let progressed =
            counts.updated > previous.updated
            || counts.replicas - counts.updated < previous.replicas - previous.updated
            || counts.ready > previous.ready || counts.available > previous.available
        if complete {
            conditions = WorkloadConditions.set(
                conditions, type: type, status: "True", reason: "NewReplicaSetAvailable",
                message: "\(subject) has successfully progressed.", now: stamp
            )
        } else if progressed {
            conditions = WorkloadConditions.replace(
                conditions, type: type, status: "True", reason: "ReplicaSetUpdated",
                message: "\(subject) is progressing.", now: stamp
            )
        } else if reason() != "ProgressDeadlineExceeded",
            let last = WorkloadConditions.find(conditions, type: type)?["lastUpdateTime"]?.stringValue,
            let since = WorkloadPods.parseTime(last), now.timeIntervalSince(since) > Double(deadlineSeconds)
        {
            conditions = WorkloadConditions.set(
                conditions, type: type, status: "False", reason: "ProgressDeadlineExceeded",
                message: "\(subject) has timed out progressing.", now: stamp
            )
        }
        return conditions
    }
}
