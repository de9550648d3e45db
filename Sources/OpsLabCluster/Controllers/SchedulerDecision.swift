/// Where a pod goes, decided without I/O from the pod, the nodes and how many pods each node runs.
///
/// Filters run per node in Kubernetes' order (NodeUnschedulable, TaintToleration, NodeAffinity) and the first
/// failure is that node's reason. The feasible node with the fewest pods wins, ties broken by name. When no node
/// fits, the message is worded like the Kubernetes 1.32 scheduler's FailedScheduling event.
public enum SchedulingDecision: Sendable, Hashable {
    /// Bind the pod to this node.
    case bind(node: String)
    /// No node fits; `message` is the FailedScheduling text.
    case unschedulable(message: String)

    /// The reason a cordoned node gives.
    public static let reasonUnschedulable = "node(s) were unschedulable"
    /// The reason a node whose labels miss the pod's node selector gives.
    public static let reasonSelectorMismatch = "node(s) didn't match Pod's node affinity/selector"
    /// Kubernetes' message when the cluster has no nodes at all.
    public static let noNodesMessage = "no nodes available to schedule pods"

    /// Decides where `pod` goes.
    ///
    /// - Parameter podCounts: pods currently bound to each node (missing = 0), used to spread pods.
    public static func decide(pod: SchedulerPod, nodes: [SchedulerNode], podCounts: [String: Int]) -> Self {
        guard !nodes.isEmpty else { return .unschedulable(message: noNodesMessage) }
        var reasons: [String: Int] = [:]
        var feasible: [SchedulerNode] = []
        for node in nodes {
            if let reason = filterFailure(pod: pod, node: node) {
                reasons[reason, default: 0] += 1
            } else {
                feasible.append(node)
            }
        }
        let best = feasible.min { left, right in
            let leftCount = podCounts[left.name] ?? 0
            let rightCount = podCounts[right.name] ?? 0
            return leftCount != rightCount ? leftCount < rightCount : left.name < right.name
        }
        if let best { return .bind(node: best.name) }
        return .unschedulable(message: failureMessage(reasons: reasons, nodeCount: nodes.count))
    }

    /// The first filter a node fails for a pod, as the scheduler words it, or `nil` when the node fits.
    public static func filterFailure(pod: SchedulerPod, node: SchedulerNode) -> String? {
        if node.unschedulable && !pod.tolerates(SchedulerNode.unschedulableTaint) {
            return reasonUnschedulable
        }
        if let taint = node.effectiveTaints.first(where: { $0.blocksScheduling && !pod.tolerates($0) }) {
            return "node(s) had untolerated taint \(taint)"
        }
        for (key, value) in pod.nodeSelector where node.labels[key] != value {
            return reasonSelectorMismatch
        }
        return nil
    }

    /// `0/N nodes are available: <count reason, …>. preemption: 0/N nodes are available: N Preemption is not
    /// helpful for scheduling.` — the counted reasons sorted as text, as the Kubernetes FitError prints them.
    public static func failureMessage(reasons: [String: Int], nodeCount: Int) -> String {
        let parts = reasons.map { "\($0.value) \($0.key)" }.sorted()
        return "0/\(nodeCount) nodes are available: \(parts.joined(separator: ", ")). preemption: 0/\(nodeCount) "
            + "nodes are available: \(nodeCount) Preemption is not helpful for scheduling."
    }
}
