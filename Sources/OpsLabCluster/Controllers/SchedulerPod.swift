import OpsLabCore
import OpsLabKube

/// A Pod as the scheduler sees it: identity, node selector and tolerations.
public struct SchedulerPod: Sendable, Hashable {
    /// One entry of `spec.tolerations`.
    public struct Toleration: Sendable, Hashable {
        /// The taint key it matches; empty matches every key (with `Exists`).
        public var key: String
        /// `Equal` (the default) or `Exists`.
        public var `operator`: String
        /// The value compared by `Equal`.
        public var value: String
        /// The effect it matches; empty matches every effect.
        public var effect: String

        /// Creates a toleration.
        public init(key: String = "", operator op: String = "Equal", value: String = "", effect: String = "") {
            self.key = key
            self.operator = op
            self.value = value
            self.effect = effect
        }

        /// Whether this toleration tolerates a taint, with Kubernetes' matching rules.
        public func tolerates(_ taint: SchedulerNode.Taint) -> Bool {
            if !effect.isEmpty && effect != taint.effect { return false }
            if !key.isEmpty && key != taint.key { return false }
            switch self.operator {
            case "", "Equal": return value == taint.value
            case "Exists": return true
            default: return false
            }
        }
    }

    /// `metadata.namespace`.
    public var namespace: String
    /// `metadata.name`.
    public var name: String
    /// `spec.nodeSelector`.
    public var nodeSelector: [String: String]
    /// `spec.tolerations`.
    public var tolerations: [Toleration]

    /// Creates a pod view.
    public init(
        namespace: String = "default", name: String, nodeSelector: [String: String] = [:],
        tolerations: [Toleration] = []
    ) {
        self.namespace = namespace
        self.name = name
        self.nodeSelector = nodeSelector
        self.tolerations = tolerations
    }

    /// Reads a stored Pod.
    public init(json pod: JSONValue) {
        self.namespace = pod.namespace ?? "default"
        self.name = pod.name
        var selector: [String: String] = [:]
        for (key, value) in pod[path: ["spec", "nodeSelector"]]?.objectValue ?? [:] {
            if let text = value.stringValue { selector[key] = text }
        }
        self.nodeSelector = selector
        self.tolerations = (pod[path: ["spec", "tolerations"]]?.arrayValue ?? []).map { entry in
            Toleration(
                key: entry["key"]?.stringValue ?? "", operator: entry["operator"]?.stringValue ?? "Equal",
                value: entry["value"]?.stringValue ?? "", effect: entry["effect"]?.stringValue ?? ""
            )
        }
    }

    /// Whether any toleration tolerates the taint.
    public func tolerates(_ taint: SchedulerNode.Taint) -> Bool {
        tolerations.contains { $0.tolerates(taint) }
    }
}
