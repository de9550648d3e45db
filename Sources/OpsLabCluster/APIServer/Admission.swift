import Foundation
import OpsLabCore
import OpsLabKube

/// What the API server does to an object before storing it: defaults (as Kubernetes' defaulters set them),
/// Service ClusterIP allocation, validation and immutable-field checks.
struct Admission: Sendable {
    let context: ClusterContext

    func admitCreate(_ type: ResourceType, _ input: JSONValue) async throws -> JSONValue {
        var object = input
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        if object.name.isEmpty, object[path: ["metadata", "generateName"]] == nil {
            throw APIStatus.invalid(
                kind: type.kind, group: type.group, name: "",
                causes: [
                    FieldError(field: "metadata.name", type: .required, detail: "name or generateName is required")
                ])
        }
        applyDefaults(type, &object)
        if type == .pods { Self.admitPod(&object) }
        try validate(type, object)
        try await refuseInTerminatingNamespace(type, object)
        if type == .services { try allocateClusterIP(&object) }
        if type == .namespaces {
            object[path: ["metadata", "labels", "kubernetes.io/metadata.name"]] = .string(object.name)
            object["status"] = ["phase": "Active"]
        }
        if type == .pods {
            object["status"] = [
                "phase": "Pending", "qosClass": .string(Self.qosClass(object)),
            ]
        }
        return object
    }

    func admitUpdate(_ type: ResourceType, _ input: JSONValue, existing: JSONValue) async throws -> JSONValue {
        var object = input
        applyDefaults(type, &object)
        try validate(type, object)
        var causes: [FieldError] = []
        switch type {
        case .services:
            let old = existing[path: ["spec", "clusterIP"]]
            let new = object[path: ["spec", "clusterIP"]]
            if new == nil || new == .string("") {
                object[path: ["spec", "clusterIP"]] = old
                object[path: ["spec", "clusterIPs"]] = existing[path: ["spec", "clusterIPs"]]
            } else if new != old {
                causes.append(
                    FieldError(
                        field: "spec.clusterIPs[0]", type: .invalid(new ?? .null), detail: "may not change once set"))
            }
        case .deployments, .replicaSets:
            if object[path: ["spec", "selector"]] != existing[path: ["spec", "selector"]] {
                causes.append(
                    FieldError(
                        field: "spec.selector", type: .invalid(object[path: ["spec", "selector"]] ?? .null),
                        detail: "field is immutable"))
            }
        case .pods:
            var oldSpec = existing["spec"] ?? .emptyObject
            var newSpec = object["spec"] ?? .emptyObject
            for key in ["containers", "initContainers"] {
                oldSpec[key] = oldSpec[key]?.arrayValue.map {
                    .array(
                        $0.map {
                            var c = $0; c["image"] = nil; return c
                        })
                }
                newSpec[key] = newSpec[key]?.arrayValue.map {
                    .array(
                        $0.map {
                            var c = $0; c["image"] = nil; return c
                        })
                }
            }
            for key in ["activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"] {
                oldSpec[key] = nil
                newSpec[key] = nil
            }
            if oldSpec != newSpec {
                causes.append(
                    FieldError(
                        field: "spec", type: .forbidden,
                        detail:
                            "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
                            + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
                            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
                    ))
            }
        default:
            break
        }
        if !causes.isEmpty {
            throw APIStatus.invalid(kind: type.kind, group: type.group, name: object.name, causes: causes)
        }
        return object
    }

    private func validate(_ type: ResourceType, _ object: JSONValue) throws {
        // Chaos Mesh's webhook rejects a bad experiment at apply time; PodChaosSpec and NetworkChaosSpec hold its rules
        // (and the metadata checks).
        let causes =
            type == .podChaos
            ? PodChaosSpec.validate(object)
            : type == .networkChaos
                ? NetworkChaosSpec.validate(object) : ObjectValidator.validate(object, type: type)
        if !causes.isEmpty {
            throw APIStatus.invalid(kind: type.kind, group: type.group, name: object.name, causes: causes)
        }
    }

    private func allocateClusterIP(_ object: inout JSONValue) throws {
        let requested = object[path: ["spec", "clusterIP"]]?.stringValue ?? ""
        if requested == "None" {
            object[path: ["spec", "clusterIPs"]] = ["None"]
            return
        }
        let address: String
        if !requested.isEmpty {
            guard context.reserveIP(requested) else {
                throw APIStatus.invalid(
                    kind: "Service", group: "", name: object.name,
                    causes: [
                        FieldError(
                            field: "spec.clusterIPs", type: .invalid(.string(requested)),
                            detail:
                                "failed to allocate IP \(requested): provided IP is already allocated or outside the service range"
                        )
                    ])
            }
            address = requested
        } else {
            guard let allocated = context.allocateIP(.service) else {
                throw APIStatus.internalError("failed to allocate a serviceIP: range is full")
            }
            address = allocated
        }
        object[path: ["spec", "clusterIP"]] = .string(address)
        object[path: ["spec", "clusterIPs"]] = [.string(address)]
    }

    /// Kubernetes' defaulting for the fields kubectl output shows.
    private func applyDefaults(_ type: ResourceType, _ object: inout JSONValue) {
        switch type {
        case .pods:
            if var spec = object["spec"] {
                Self.defaultPodSpec(&spec)
                object["spec"] = spec
            }
        case .deployments:
            if object[path: ["spec", "replicas"]] == nil { object[path: ["spec", "replicas"]] = 1 }
            if object[path: ["spec", "revisionHistoryLimit"]] == nil {
                object[path: ["spec", "revisionHistoryLimit"]] = 10
            }
            if object[path: ["spec", "progressDeadlineSeconds"]] == nil {
                object[path: ["spec", "progressDeadlineSeconds"]] = 600
            }
            if object[path: ["spec", "strategy"]] == nil {
                object[path: ["spec", "strategy"]] = [
                    "type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"],
                ]
            }
            if var spec = object[path: ["spec", "template", "spec"]] {
                Self.defaultPodSpec(&spec)
                object[path: ["spec", "template", "spec"]] = spec
            }
        case .replicaSets:
            if object[path: ["spec", "replicas"]] == nil { object[path: ["spec", "replicas"]] = 1 }
            if var spec = object[path: ["spec", "template", "spec"]] {
                Self.defaultPodSpec(&spec)
                object[path: ["spec", "template", "spec"]] = spec
            }
        case .services:
            if object[path: ["spec", "type"]] == nil { object[path: ["spec", "type"]] = "ClusterIP" }
            if object[path: ["spec", "sessionAffinity"]] == nil { object[path: ["spec", "sessionAffinity"]] = "None" }
            if object[path: ["spec", "internalTrafficPolicy"]] == nil {
                object[path: ["spec", "internalTrafficPolicy"]] = "Cluster"
            }
            if object[path: ["spec", "ipFamilies"]] == nil { object[path: ["spec", "ipFamilies"]] = ["IPv4"] }
            if object[path: ["spec", "ipFamilyPolicy"]] == nil {
                object[path: ["spec", "ipFamilyPolicy"]] = "SingleStack"
            }
            if let ports = object[path: ["spec", "ports"]]?.arrayValue {
                object[path: ["spec", "ports"]] = .array(
                    ports.map { port in
                        var port = port
                        if port["protocol"] == nil { port["protocol"] = "TCP" }
                        if port["targetPort"] == nil { port["targetPort"] = port["port"] }
                        return port
                    })
            }
            if object["status"] == nil { object["status"] = ["loadBalancer": [:]] }
        case .secrets:
            if object["type"] == nil { object["type"] = "Opaque" }
            if let strings = object["stringData"]?.objectValue {
                for (key, value) in strings {
                    object[path: ["data", key]] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
                }
                object["stringData"] = nil
            }
        case .namespaces:
            if object[path: ["spec", "finalizers"]] == nil { object["spec"] = ["finalizers": ["kubernetes"]] }
        default:
            break
        }
    }

    /// Guaranteed, Burstable or BestEffort from the containers' requests and limits.
    static func qosClass(_ pod: JSONValue) -> String {
        let containers = pod[path: ["spec", "containers"]]?.arrayValue ?? []
        var any = false
        var guaranteed = !containers.isEmpty
        for container in containers {
            let limits = container[path: ["resources", "limits"]]?.objectValue ?? [:]
            let requests = container[path: ["resources", "requests"]]?.objectValue ?? [:]
            if !limits.isEmpty || !requests.isEmpty { any = true }
            for resource in ["cpu", "memory"] {
                guard let limit = limits[resource] else {
                    guaranteed = false
                    continue
                }
                if let request = requests[resource], request != limit { guaranteed = false }
            }
        }
        if !any { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}
