import Foundation
import OpsLabCore
import OpsLabKube

/// What one sync of a Deployment works on: the Deployment, its new ReplicaSet (the one whose template
/// matches) and its old ones (oldest first), and the strategy's limits.
struct DeploymentControllerState {
    var deployment: JSONValue
    var spec: DeploymentSpec
    var template: JSONValue
    var new: JSONValue?
    var old: [JSONValue]
    /// Whether this sync created the new ReplicaSet.
    var createdNew = false
    /// `status.collisionCount` to report.
    var collisionCount: Int64?
    /// For Recreate: pods (terminating ones included) still present per old ReplicaSet uid.
    var oldPods: [String: Int] = [:]
    let desired: Int
    let surge: Int
    let unavailable: Int
    let recreate: Bool

    init(deployment: JSONValue, spec: DeploymentSpec, owned: [JSONValue], template: JSONValue) {
        self.deployment = deployment
        self.spec = spec
        self.template = template
        self.collisionCount = deployment[path: ["status", "collisionCount"]]?.intValue
        let hash = WorkloadTemplateHash.hash(template: template, collisionCount: collisionCount.map(Int.init))
        let hashed = "\(deployment.name)-\(hash)"
        let matching = owned.filter {
            WorkloadTemplateHash.equalIgnoringHash($0[path: ["spec", "template"]], template)
        }
        let chosen = matching.first { $0.name == hashed } ?? matching.min(by: Self.olderFirst)
        self.new = chosen
        self.old = owned.filter { $0.uid != chosen?.uid }.sorted(by: Self.olderFirst)
        self.desired = spec.replicas ?? 1
        self.recreate = spec.strategy?.type == "Recreate"
        if recreate {
            (surge, unavailable) = (0, 0)
        } else {
            let rolling = spec.strategy?.rollingUpdate
            (surge, unavailable) = WorkloadRollout.limits(
                maxSurge: rolling?.maxSurge, maxUnavailable: rolling?.maxUnavailable, replicas: desired
            )
        }
    }

    /// The new ReplicaSet (if any) followed by the old ones.
    var all: [JSONValue] { (new.map { [$0] } ?? []) + old }

    /// The highest revision among the old ReplicaSets (0 when none).
    var maxOldRevision: Int { old.map(Self.revision).max() ?? 0 }

    /// `spec.replicas` of a ReplicaSet (default 1).
    static func replicas(_ replicaSet: JSONValue) -> Int {
        Int(replicaSet[path: ["spec", "replicas"]]?.intValue ?? 1)
    }

    /// A `status` count of a ReplicaSet (0 when missing).
    static func statusCount(_ replicaSet: JSONValue?, _ key: String) -> Int {
        Int(replicaSet?[path: ["status", key]]?.intValue ?? 0)
    }

    /// The `deployment.kubernetes.io/revision` of a ReplicaSet (0 when missing).
    static func revision(_ replicaSet: JSONValue) -> Int {
        Int(replicaSet.annotations[DeploymentController.revisionAnnotation] ?? "") ?? 0
    }

    /// The rollout counts of a ReplicaSet.
    static func counts(_ replicaSet: JSONValue?) -> WorkloadRollout.ReplicaSetCounts {
        guard let replicaSet else { return .init(replicas: 0, available: 0, current: 0) }
        return .init(
            replicas: replicas(replicaSet), available: statusCount(replicaSet, "availableReplicas"),
            current: statusCount(replicaSet, "replicas")
        )
    }

    private static func olderFirst(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        let left = lhs[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
        let right = rhs[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
        if left != right { return left < right }
        if revision(lhs) != revision(rhs) { return revision(lhs) < revision(rhs) }
        return lhs.name < rhs.name
    }
}
