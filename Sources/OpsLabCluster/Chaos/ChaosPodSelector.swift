import Foundation
import OpsLabCore
import OpsLabKube

/// Chaos Mesh's `PodSelectorSpec` (`spec.selector`): which pods an experiment may target, every field ANDed.
public struct ChaosPodSelector: Sendable, Hashable {
    /// Namespaces to look in; empty means the experiment's own namespace.
    public var namespaces: [String] = []
    /// Equality label matches and set-based expressions, as one label selector.
    public var labels: LabelSelector = .everything
    /// Annotations that must be present with these values.
    public var annotationSelectors: [String: String] = [:]
    /// Fields that must have these values, e.g. `metadata.name`.
    public var fieldSelectors: [String: String] = [:]
    /// Node names the pod must be bound to.
    public var nodes: [String] = []
    /// Labels the pod's node must carry.
    public var nodeSelectors: [String: String] = [:]
    /// Explicit pods: namespace → names.
    public var pods: [String: [String]] = [:]
    /// Pod phases to accept (`Running`, `Pending`, …); empty accepts every phase.
    public var podPhaseSelectors: [String] = []

    /// Creates a selector that matches every pod of the experiment's namespace.
    public init() {}

    /// Parses `spec.selector`.
    /// - Throws: ``ChaosError`` `invalidSpec` for malformed expressions.
    public init(json: JSONValue) throws(ChaosError) {
        namespaces = Self.strings(json["namespaces"])
        var spec: JSONValue = [:]
        if let labels = json["labelSelectors"] { spec["matchLabels"] = labels }
        if let expressions = json["expressionSelectors"] { spec["matchExpressions"] = expressions }
        do {
            let decoded = try spec.decode(LabelSelectorSpec.self)
            labels = try LabelSelector(validating: decoded)
        } catch {
            throw ChaosError(.invalidSpec, "invalid label or expression selectors: \(error)")
        }
        annotationSelectors = Self.stringMap(json["annotationSelectors"])
        fieldSelectors = Self.stringMap(json["fieldSelectors"])
        nodes = Self.strings(json["nodes"])
        nodeSelectors = Self.stringMap(json["nodeSelectors"])
        for (namespace, names) in json["pods"]?.objectValue ?? [:] { pods[namespace] = Self.strings(names) }
        podPhaseSelectors = Self.strings(json["podPhaseSelectors"])
    }

    /// The namespaces searched for an experiment in `namespace`.
    public func searchNamespaces(default namespace: String) -> [String] {
        if !pods.isEmpty { return pods.keys.sorted() }
        return namespaces.isEmpty ? [namespace] : namespaces
    }

    /// Whether `pod` is a candidate. Terminating pods never are. `nodeLabels` maps node names to their labels
    /// (needed only with ``nodeSelectors``).
    public func matches(
        _ pod: JSONValue, defaultNamespace: String, nodeLabels: [String: [String: String]] = [:]
    )
        -> Bool
    {
        if pod.isTerminating { return false }
        let namespace = pod.namespace ?? "default"
        if !pods.isEmpty {
            guard pods[namespace]?.contains(pod.name) == true else { return false }
        } else if !searchNamespaces(default: defaultNamespace).contains(namespace) {
            return false
        }
        let labelsOfPod = Self.stringMap(pod[path: ["metadata", "labels"]])
        guard labels.matches(labelsOfPod) else { return false }
        let annotations = Self.stringMap(pod[path: ["metadata", "annotations"]])
        for (key, value) in annotationSelectors where annotations[key] != value { return false }
        for (field, value) in fieldSelectors where Self.field(field, of: pod) != value { return false }
        let node = pod[path: ["spec", "nodeName"]]?.stringValue ?? ""
        if !nodes.isEmpty, !nodes.contains(node) { return false }
        if !nodeSelectors.isEmpty {
            let labels = nodeLabels[node] ?? [:]
            for (key, value) in nodeSelectors where labels[key] != value { return false }
        }
        if !podPhaseSelectors.isEmpty {
            let phase = pod[path: ["status", "phase"]]?.stringValue ?? "Pending"
            if !podPhaseSelectors.contains(phase) { return false }
        }
        return true
    }

    /// The candidates among `pods`, sorted by namespace and name (so a seeded choice is reproducible).
    public func candidates(
        _ pods: [JSONValue], defaultNamespace: String, nodeLabels: [String: [String: String]] = [:]
    ) -> [JSONValue] {
        pods.filter { matches($0, defaultNamespace: defaultNamespace, nodeLabels: nodeLabels) }
            .sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
    }

    /// A dotted field of a pod as a field selector sees it (`metadata.name`, `spec.nodeName`, `status.phase`).
    static func field(_ path: String, of pod: JSONValue) -> String? {
        let keys = path.split(separator: ".").map(String.init)
        guard let value = pod[path: keys] else { return nil }
        return value.stringValue ?? value.jsonString()
    }

    static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap(\.stringValue)
    }

    static func stringMap(_ value: JSONValue?) -> [String: String] {
        (value?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }
}
