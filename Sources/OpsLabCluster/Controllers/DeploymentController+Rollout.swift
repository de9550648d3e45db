import Foundation
import OpsLabCore
import OpsLabKube

extension DeploymentController {
    /// Annotations of a Deployment that are not copied onto its ReplicaSets.
    static let uncopiedAnnotations: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", revisionAnnotation, desiredReplicasAnnotation,
        maxReplicasAnnotation, "deployment.kubernetes.io/revision-history",
    ]

    /// Creates the ReplicaSet for the current template, named `<deploy>-<hash>`.
    func createNewReplicaSet(_ state: inout DeploymentControllerState) async {
        let deployment = state.deployment
        let namespace = deployment.namespace ?? "default"
        let initial = step(for: state, newCounts: .init(replicas: 0, available: 0, current: 0)).newReplicas
        for _ in 0..<5 {
            let collisions = state.collisionCount.map(Int.init)
            let hash = WorkloadTemplateHash.hash(template: state.template, collisionCount: collisions)
            let name = "\(deployment.name)-\(hash)"
            var template = state.template
            template[path: ["metadata", "labels", WorkloadTemplateHash.label]] = .string(hash)
            var selector = deployment[path: ["spec", "selector"]] ?? .emptyObject
            selector[path: ["matchLabels", WorkloadTemplateHash.label]] = .string(hash)
            var annotations = deployment.annotations.filter { !Self.uncopiedAnnotations.contains($0.key) }
            annotations[Self.revisionAnnotation] = String(state.maxOldRevision + 1)
            annotations[Self.desiredReplicasAnnotation] = String(state.desired)
            annotations[Self.maxReplicasAnnotation] = String(state.desired + state.surge)
            var replicaSet: JSONValue = ["apiVersion": "apps/v1", "kind": "ReplicaSet"]
            replicaSet.name = name
            replicaSet.namespace = namespace
            replicaSet.labels = template.labels
            replicaSet.annotations = annotations
            replicaSet[path: ["metadata", "ownerReferences"]] = [WorkloadPods.controllerReference(to: deployment)]
            replicaSet["spec"] = [
                "replicas": .int(Int64(initial)), "selector": selector, "template": template,
            ]
            if let minReady = deployment[path: ["spec", "minReadySeconds"]] {
                replicaSet[path: ["spec", "minReadySeconds"]] = minReady
            }
            do {
                let created = try await context.store.create(.replicaSets, replicaSet)
                state.new = created
                state.createdNew = true
                if initial > 0 {
                    await recorder.record(
                        deployment, reason: "ScalingReplicaSet",
                        message: "Scaled up replica set \(name) from 0 to \(initial)"
                    )
                }
                return
            } catch let status as APIStatus where status.code == 409 {
                // A ReplicaSet with this name exists but holds another template: a hash collision.
                state.collisionCount = (state.collisionCount ?? 0) + 1
            } catch {
                logger.warning(
                    "failed to create replica set",
                    metadata: ["deploy": .string(deployment.name), "error": .string("\(error)")]
                )
                return
            }
        }
    }

    /// Gives the new ReplicaSet the highest revision (an old template that becomes current again, as after
    /// `kubectl rollout undo`, moves to the top).
    func syncRevision(_ state: inout DeploymentControllerState) async {
        guard let new = state.new else { return }
        let wanted = state.maxOldRevision + 1
        let desired = String(state.desired)
        let maxReplicas = String(state.desired + state.surge)
        let annotations = new.annotations
        guard
            DeploymentControllerState.revision(new) < wanted
                || annotations[Self.desiredReplicasAnnotation] != desired
                || annotations[Self.maxReplicasAnnotation] != maxReplicas
        else { return }
        let revision = max(wanted, DeploymentControllerState.revision(new))
        if let updated = try? await context.store.mutate(
            .replicaSets, namespace: new.namespace, name: new.name,
            {
                $0[path: ["metadata", "annotations", Self.revisionAnnotation]] = .string(String(revision))
                $0[path: ["metadata", "annotations", Self.desiredReplicasAnnotation]] = .string(desired)
                $0[path: ["metadata", "annotations", Self.maxReplicasAnnotation]] = .string(maxReplicas)
            })
        {
            state.new = updated
        }
    }

    /// The replicas each ReplicaSet should have now.
    func step(
        for state: DeploymentControllerState, newCounts: WorkloadRollout.ReplicaSetCounts? = nil
    )
        -> WorkloadRollout.Step
    {
        let new = newCounts ?? DeploymentControllerState.counts(state.new)
        let old = state.old.map { replicaSet in
            var counts = DeploymentControllerState.counts(replicaSet)
            if state.recreate { counts.current = max(counts.current, state.oldPods[replicaSet.uid] ?? 0) }
            return counts
        }
        if state.spec.paused == true {
            // Paused: no rollout, only follow `spec.replicas` when a single ReplicaSet is active.
            var step = WorkloadRollout.Step(newReplicas: new.replicas, oldReplicas: old.map(\.replicas))
            let activeOld = old.indices.filter { old[$0].replicas > 0 }
            if state.new != nil && activeOld.isEmpty {
                step.newReplicas = state.desired
            } else if (state.new == nil || new.replicas == 0) && activeOld.count == 1 {
                step.oldReplicas[activeOld[0]] = state.desired
            }
            return step
        }
        if state.recreate {
            return WorkloadRollout.recreateStep(desired: state.desired, new: new, old: old)
        }
        return WorkloadRollout.rollingStep(
            desired: state.desired, surge: state.surge, unavailable: state.unavailable, new: new, old: old
        )
    }

    /// Applies one rollout step to the ReplicaSets.
    func scale(_ state: inout DeploymentControllerState) async {
        let step = step(for: state)
        if let new = state.new, step.newReplicas != DeploymentControllerState.replicas(new) {
            state.new = await scaleReplicaSet(new, to: step.newReplicas, state: state) ?? new
        }
        for index in state.old.indices
        where step.oldReplicas[index] != DeploymentControllerState.replicas(state.old[index]) {
            state.old[index] =
                await scaleReplicaSet(state.old[index], to: step.oldReplicas[index], state: state)
                ?? state.old[index]
        }
    }

    private func scaleReplicaSet(
        _ replicaSet: JSONValue, to replicas: Int, state: DeploymentControllerState
    ) async
        -> JSONValue?
    {
        let from = DeploymentControllerState.replicas(replicaSet)
        let desired = String(state.desired)
        let maxReplicas = String(state.desired + state.surge)
        do {
            let updated = try await context.store.mutate(
                .replicaSets, namespace: replicaSet.namespace, name: replicaSet.name
            ) {
                $0[path: ["spec", "replicas"]] = .int(Int64(replicas))
                $0[path: ["metadata", "annotations", Self.desiredReplicasAnnotation]] = .string(desired)
                $0[path: ["metadata", "annotations", Self.maxReplicasAnnotation]] = .string(maxReplicas)
            }
            let direction = replicas > from ? "up" : "down"
            await recorder.record(
                state.deployment, reason: "ScalingReplicaSet",
                message: "Scaled \(direction) replica set \(replicaSet.name) from \(from) to \(replicas)"
            )
            return updated
        } catch {
            logger.debug("failed to scale replica set", metadata: ["rs": .string(replicaSet.name)])
            return nil
        }
    }

    /// Deletes the oldest fully scaled-down ReplicaSets beyond `revisionHistoryLimit` (default 10).
    func cleanupHistory(_ state: inout DeploymentControllerState) async {
        let limit = state.spec.revisionHistoryLimit ?? 10
        let excess = state.old.count - limit
        guard excess > 0 else { return }
        let revision = DeploymentControllerState.revision
        let candidates = state.old.sorted { revision($0) < revision($1) }
        var removed = 0
        for replicaSet in candidates where removed < excess {
            let generation = replicaSet[path: ["metadata", "generation"]]?.intValue ?? 0
            let observed = replicaSet[path: ["status", "observedGeneration"]]?.intValue ?? 0
            guard DeploymentControllerState.replicas(replicaSet) == 0,
                DeploymentControllerState.statusCount(replicaSet, "replicas") == 0, observed >= generation
            else { continue }
            do {
                try await deleter.delete(.replicaSets, namespace: replicaSet.namespace, name: replicaSet.name)
                state.old.removeAll { $0.uid == replicaSet.uid }
                removed += 1
            } catch {
                logger.debug("failed to delete old replica set", metadata: ["rs": .string(replicaSet.name)])
            }
        }
    }
}
