/// One kind of object the API serves: its group, version, names and verbs, as discovery reports it.
public struct ResourceType: Sendable, Hashable {
    /// The API group; `""` for the core group.
    public var group: String
    /// The version, e.g. `v1`.
    public var version: String
    /// The kind, e.g. `Deployment`.
    public var kind: String
    /// The plural resource name used in URLs, e.g. `deployments`.
    public var plural: String
    /// The singular name, e.g. `deployment`.
    public var singular: String
    /// Whether objects live in a namespace.
    public var namespaced: Bool
    /// Short names such as `deploy`.
    public var shortNames: [String]
    /// Categories such as `all`.
    public var categories: [String]
    /// Subresources served, e.g. `["status", "scale"]`.
    public var subresources: [String]
    /// Verbs discovery advertises.
    public var verbs: [String]

    /// Creates a resource type.
    public init(
        group: String, version: String, kind: String, plural: String, singular: String, namespaced: Bool,
        shortNames: [String] = [], categories: [String] = [], subresources: [String] = [],
        verbs: [String] = ResourceType.allVerbs
    ) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = singular
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.subresources = subresources
        self.verbs = verbs
    }

    /// The verbs a fully served kind supports.
    public static let allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    /// `apps/v1`, or `v1` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The URL prefix of the group-version: `/api/v1` or `/apis/apps/v1`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The resource as kubectl and error messages name it: `pods`, `deployments.apps`.
    public var qualifiedPlural: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The lower-case kind as kubectl prefixes names: `pod`, `deployment.apps`.
    public var qualifiedKind: String { group.isEmpty ? kind.lowercased() : "\(kind.lowercased()).\(group)" }

    /// The kind of a list of these objects, e.g. `PodList`.
    public var listKind: String { kind + "List" }

    /// The URL path of a collection, e.g. `/api/v1/namespaces/ns/pods` or `/api/v1/nodes`.
    public func collectionPath(namespace: String?) -> String {
        if namespaced, let namespace {
            return "\(groupVersionPath)/namespaces/\(namespace)/\(plural)"
        }
        return "\(groupVersionPath)/\(plural)"
    }

    /// The URL path of one object, optionally of a subresource.
    public func objectPath(namespace: String?, name: String, subresource: String? = nil) -> String {
        let base = "\(collectionPath(namespace: namespace))/\(name)"
        return subresource.map { "\(base)/\($0)" } ?? base
    }
}

extension ResourceType {
    public static let namespaces = ResourceType(
        group: "", version: "v1", kind: "Namespace", plural: "namespaces", singular: "namespace", namespaced: false,
        shortNames: ["ns"], subresources: ["status"],
        verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
    )
    public static let nodes = ResourceType(
        group: "", version: "v1", kind: "Node", plural: "nodes", singular: "node", namespaced: false,
        shortNames: ["no"], subresources: ["status"]
    )
    public static let pods = ResourceType(
        group: "", version: "v1", kind: "Pod", plural: "pods", singular: "pod", namespaced: true,
        shortNames: ["po"], categories: ["all"], subresources: ["log", "status", "exec", "binding"]
    )
    public static let services = ResourceType(
        group: "", version: "v1", kind: "Service", plural: "services", singular: "service", namespaced: true,
        shortNames: ["svc"], categories: ["all"], subresources: ["status"],
        verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
    )
    public static let endpoints = ResourceType(
        group: "", version: "v1", kind: "Endpoints", plural: "endpoints", singular: "endpoints", namespaced: true,
        shortNames: ["ep"]
    )
    public static let configMaps = ResourceType(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", singular: "configmap", namespaced: true,
        shortNames: ["cm"]
    )
    public static let secrets = ResourceType(
        group: "", version: "v1", kind: "Secret", plural: "secrets", singular: "secret", namespaced: true
    )
    public static let events = ResourceType(
        group: "", version: "v1", kind: "Event", plural: "events", singular: "event", namespaced: true,
        shortNames: ["ev"]
    )
    public static let deployments = ResourceType(
        group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment",
        namespaced: true, shortNames: ["deploy"], categories: ["all"], subresources: ["scale", "status"]
    )
    public static let replicaSets = ResourceType(
        group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", singular: "replicaset",
        namespaced: true, shortNames: ["rs"], categories: ["all"], subresources: ["scale", "status"]
    )

    /// Chaos Mesh's PodChaos (`chaos-mesh.org/v1alpha1`): pod-kill, pod-failure and container-kill experiments.
    ///
    /// A custom resource on a real cluster (its CRD has no short names and no printer columns, so kubectl prints
    /// NAME and AGE); the embedded cluster's chaos controller implements it.
    public static let podChaos = ResourceType(
        group: "chaos-mesh.org", version: "v1alpha1", kind: "PodChaos", plural: "podchaos", singular: "podchaos",
        namespaced: true, subresources: ["status"]
    )

    /// Chaos Mesh's NetworkChaos (`chaos-mesh.org/v1alpha1`): delay, loss and partition experiments.
    ///
    /// A custom resource on a real cluster whose CRD declares the printer columns `action` (`.spec.action`) and
    /// `duration` (`.spec.duration`), so kubectl prints NAME, ACTION and DURATION; the embedded cluster's chaos
    /// controller implements it in the service proxy.
    public static let networkChaos = ResourceType(
        group: "chaos-mesh.org", version: "v1alpha1", kind: "NetworkChaos", plural: "networkchaos",
        singular: "networkchaos", namespaced: true, subresources: ["status"]
    )

    /// Every kind the embedded cluster serves, in discovery order.
    public static let builtIn: [ResourceType] = [
        .namespaces, .nodes, .pods, .services, .endpoints, .configMaps, .secrets, .events, .deployments, .replicaSets,
        .podChaos, .networkChaos,
    ]
}
