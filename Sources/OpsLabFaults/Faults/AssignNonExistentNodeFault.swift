import Foundation
import OpsLabCore
import OpsLabKube

/// `assign_to_non_existent_node`: pins a Deployment's pods to a node that does not exist, through the pod
/// template's `nodeSelector` (`kubernetes.io/hostname: extra-node`).
///
/// Symptom: the new pod stays Pending (FailedScheduling: no node matches). Recover removes the selector
/// entry, restoring the template's original `nodeSelector` (or its absence).
public struct AssignNonExistentNodeFault: Fault {
    /// The label key written into the `nodeSelector`.
    public static let hostnameKey = "kubernetes.io/hostname"

    /// The Deployment name, e.g. `user`.
    public var service: String
    /// The node name that does not exist.
    public var node: String
    /// The template's original `nodeSelector` (or null), recorded at inject.
    public let memory = FaultMemory()

    /// Creates the fault for a Deployment.
    public init(service: String, node: String = "extra-node") {
        self.service = service
        self.node = node
    }

    /// `assign_to_non_existent_node/<svc>`.
    public var name: String { "assign_to_non_existent_node/\(service)" }

    /// Records the template's `nodeSelector` and adds `kubernetes.io/hostname: <node>` to it.
    public func inject(_ env: FaultEnvironment) async throws {
        let deployment = try await env.deployment(service)
        let original = deployment[path: Self.selectorPath] ?? .null
        memory.recordIfAbsent("nodeSelector", original)
        var selector = original.objectValue ?? [:]
        selector[Self.hostnameKey] = .string(node)
        try await setSelector(selector, env)
    }

    /// Restores the original `nodeSelector`; without a record, removes the bogus entry only.
    public func recover(_ env: FaultEnvironment) async throws {
        let deployment = try await env.deployment(service)
        let current = deployment[path: Self.selectorPath]?.objectValue ?? [:]
        let restored = Self.restoredSelector(current: current, original: memory["nodeSelector"], node: node)
        if restored != current || (restored.isEmpty && deployment[path: Self.selectorPath] != nil) {
            try await setSelector(restored, env)
        }
        memory.clear()
    }

    /// `<svc>`, Virtualization, Dependency Problem.
    public func groundTruth() -> GroundTruth {
        GroundTruth(faultyComponents: [service], systemLevel: .virtualization, faultType: .dependencyProblem)
    }

    /// All healthy, the template selects only existing nodes, and the Deployment has its pods available.
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        let health = try await AppHealth.check(env)
        let deployment = try await env.deployment(service)
        let nodes = try await env.client.list(.nodes, namespace: nil)["items"]?.arrayValue ?? []
        var reasons = Self.selectorProblems(deployment, nodeLabels: nodes.map(\.labels))
        reasons += ScaleToZeroFault.replicaProblems(deployment)
        return health.combined(with: MitigationVerdict(reasons: reasons))
    }

    /// The `nodeSelector` to write back: the recorded original when known, else `current` without the bogus
    /// hostname entry.
    public static func restoredSelector(
        current: [String: JSONValue], original: JSONValue?, node: String
    ) -> [String: JSONValue] {
        if let original { return original.objectValue ?? [:] }
        var selector = current
        if selector[hostnameKey]?.stringValue == node { selector[hostnameKey] = nil }
        return selector
    }

    /// Why a Deployment's pods cannot be scheduled: a `nodeSelector` no node's labels satisfy.
    public static func selectorProblems(_ deployment: JSONValue, nodeLabels: [[String: String]]) -> [String] {
        let selector = deployment[path: selectorPath]?.objectValue ?? [:]
        if selector.isEmpty { return [] }
        let wanted = selector.compactMapValues(\.stringValue)
        let matches = nodeLabels.contains { labels in wanted.allSatisfy { labels[$0.key] == $0.value } }
        if matches { return [] }
        let text = wanted.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return ["deployment \(deployment.name) selects nodes \(text), which no node matches"]
    }

    static let selectorPath = ["spec", "template", "spec", "nodeSelector"]

    private func setSelector(_ selector: [String: JSONValue], _ env: FaultEnvironment) async throws {
        let path = "/spec/template/spec/nodeSelector"
        let patch: JSONValue =
            selector.isEmpty
            ? [["op": "remove", "path": .string(path)]]
            : [["op": "add", "path": .string(path), "value": .object(selector)]]
        _ = try await env.client.patch(
            .deployments, namespace: env.namespace, name: service, patch: patch, patchType: .json)
    }
}
