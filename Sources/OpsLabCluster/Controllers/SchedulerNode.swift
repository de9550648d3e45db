import OpsLabCore
import OpsLabKube

/// A Node as the scheduler sees it: name, labels, taints, readiness and cordon state.
///
/// Built from the stored Node JSON with ``init(json:)``; tests build it directly.
public struct SchedulerNode: Sendable, Hashable {
    /// One taint of a node (`spec.taints[]`).
    public struct Taint: Sendable, Hashable, CustomStringConvertible {
        /// The taint key, e.g. `node-role.kubernetes.io/control-plane`.
        public var key: String
        /// The taint value; empty when the taint has none.
        public var value: String
        /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
        public var effect: String

        /// Creates a taint.
        public init(key: String, value: String = "", effect: String) {
            self.key = key
            self.value = value
            self.effect = effect
        }

        /// `{key: value}`, as the scheduler prints an untolerated taint.
        public var description: String { "{\(key): \(value)}" }

        /// Whether the taint keeps pods that do not tolerate it off the node (`NoSchedule` or `NoExecute`).
        public var blocksScheduling: Bool { effect == "NoSchedule" || effect == "NoExecute" }
    }

    /// The taint the node lifecycle controller puts on a node that is not Ready.
    public static let notReadyTaint = Taint(key: "node.kubernetes.io/not-ready", effect: "NoSchedule")
    /// The taint that stands for `spec.unschedulable` (a cordoned node).
    public static let unschedulableTaint = Taint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule")

    /// `metadata.name`.
    public var name: String
    /// `metadata.labels`.
    public var labels: [String: String]
    /// `spec.taints`.
    public var taints: [Taint]
    /// `spec.unschedulable` (set by `kubectl cordon`).
    public var unschedulable: Bool
    /// Whether the `Ready` condition is `True`.
    public var ready: Bool

    /// Creates a node view.
    public init(
        name: String, labels: [String: String] = [:], taints: [Taint] = [], unschedulable: Bool = false,
        ready: Bool = true
    ) {
        self.name = name
        self.labels = labels
        self.taints = taints
        self.unschedulable = unschedulable
        self.ready = ready
    }

    /// Reads a stored Node. A node without a `Ready=True` condition counts as not ready.
    public init(json node: JSONValue) {
        self.name = node.name
        self.labels = node.labels
        self.taints = (node[path: ["spec", "taints"]]?.arrayValue ?? []).compactMap { taint in
            guard let key = taint["key"]?.stringValue else { return nil }
            return Taint(
                key: key, value: taint["value"]?.stringValue ?? "", effect: taint["effect"]?.stringValue ?? ""
            )
        }
        self.unschedulable = node[path: ["spec", "unschedulable"]]?.boolValue ?? false
        self.ready = (node[path: ["status", "conditions"]]?.arrayValue ?? []).contains { condition in
            condition["type"]?.stringValue == "Ready" && condition["status"]?.stringValue == "True"
        }
    }

    /// The taints the scheduler checks: the node's own plus the not-ready taint when the node is not Ready.
    public var effectiveTaints: [Taint] {
        var result = taints
        if !ready && !taints.contains(where: { $0.key == Self.notReadyTaint.key }) {
            result.append(Self.notReadyTaint)
        }
        return result
    }
}
