import OpsLabCore
import OpsLabKube

/// The JSON types of the fields the cluster relies on, checked before an object is admitted — the API server's
/// equivalent of Kubernetes decoding a body into its Go structs.
///
/// A value of the wrong type (`"replicas": "three"`, a number as a label value, `"spec": 7`) is refused with
/// Kubernetes' 400 BadRequest wording, so no controller ever reads a malformed object from the store. Fields the
/// table does not name are not checked here (unknown fields are `fieldValidation`'s business).
indirect enum ObjectShape: Sendable {
    case string
    case integer(goType: String)
    case boolean
    case object(goStruct: String, [String: ObjectShape])
    case map(ObjectShape)
    case list(ObjectShape)

    /// Throws 400 `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal …` for the
    /// first field (in key order) whose JSON type does not fit.
    static func check(_ object: JSONValue, type: ResourceType) throws {
        guard let mismatch = shape(of: type).mismatch(object, path: "", parentStruct: type.kind) else { return }
        throw APIStatus.badRequest(
            "\(type.kind) in version \"\(type.version)\" cannot be handled as a \(type.kind): \(mismatch)")
    }

    /// The Go-style message for the first mismatch below `value`, or `nil`.
    private func mismatch(_ value: JSONValue, path: String, parentStruct: String) -> String? {
        if value == .null { return nil }
        func wrong(_ goType: String) -> String {
            let field = path.isEmpty ? "Go value" : "Go struct field \(parentStruct)\(path)"
            return "json: cannot unmarshal \(Self.jsonTypeName(value)) into \(field) of type \(goType)"
        }
        switch self {
        case .string:
            return value.stringValue == nil ? wrong("string") : nil
        case .integer(let goType):
            return value.intValue == nil ? wrong(goType) : nil
        case .boolean:
            return value.boolValue == nil ? wrong("bool") : nil
        case .object(let goStruct, let fields):
            guard let members = value.objectValue else { return wrong("v1.\(goStruct)") }
            for key in members.keys.sorted() {
                guard let shape = fields[key], let child = members[key] else { continue }
                if let found = shape.mismatch(child, path: path + "." + key, parentStruct: goStruct) { return found }
            }
            return nil
        case .map(let element):
            guard let members = value.objectValue else { return wrong("map[string]\(element.goName)") }
            for key in members.keys.sorted() {
                guard let child = members[key] else { continue }
                if let found = element.mismatch(child, path: path, parentStruct: parentStruct) { return found }
            }
            return nil
        case .list(let element):
            guard let items = value.arrayValue else { return wrong("[]\(element.goName)") }
            for item in items {
                if let found = element.mismatch(item, path: path, parentStruct: parentStruct) { return found }
            }
            return nil
        }
    }

    private var goName: String {
        switch self {
        case .string: return "string"
        case .integer(let goType): return goType
        case .boolean: return "bool"
        case .object(let goStruct, _): return "v1.\(goStruct)"
        case .map(let element): return "map[string]\(element.goName)"
        case .list(let element): return "[]\(element.goName)"
        }
    }

    private static func jsonTypeName(_ value: JSONValue) -> String {
        switch value {
        case .string: return "string"
        case .int, .double: return "number"
        case .bool: return "bool"
        case .array: return "array"
        case .object: return "object"
        case .null: return "null"
        }
    }

    // MARK: the table

    private static let int32 = ObjectShape.integer(goType: "int32")
    private static let int64 = ObjectShape.integer(goType: "int64")
    private static let strings = ObjectShape.map(.string)

    private static let metadata = ObjectShape.object(
        goStruct: "ObjectMeta",
        [
            "name": .string, "generateName": .string, "namespace": .string, "uid": .string, "resourceVersion": .string,
            "generation": int64, "labels": strings, "annotations": strings, "finalizers": .list(.string),
            "ownerReferences": .list(
                .object(
                    goStruct: "OwnerReference",
                    [
                        "apiVersion": .string, "kind": .string, "name": .string, "uid": .string,
                        "controller": .boolean, "blockOwnerDeletion": .boolean,
                    ])),
        ])

    private static let container = ObjectShape.object(
        goStruct: "Container",
        [
            "name": .string, "image": .string, "command": .list(.string), "args": .list(.string),
            "workingDir": .string, "imagePullPolicy": .string,
            "env": .list(.object(goStruct: "EnvVar", ["name": .string, "value": .string])),
            "ports": .list(
                .object(
                    goStruct: "ContainerPort",
                    ["name": .string, "containerPort": int32, "hostPort": int32, "protocol": .string])),
        ])

    private static let podSpec = ObjectShape.object(
        goStruct: "PodSpec",
        [
            "containers": .list(container), "initContainers": .list(container), "nodeName": .string,
            "restartPolicy": .string, "terminationGracePeriodSeconds": int64, "activeDeadlineSeconds": int64,
            "serviceAccountName": .string, "nodeSelector": strings, "schedulerName": .string, "hostname": .string,
        ])

    private static let selector = ObjectShape.object(goStruct: "LabelSelector", ["matchLabels": strings])

    private static let template = ObjectShape.object(
        goStruct: "PodTemplateSpec", ["metadata": metadata, "spec": podSpec])

    private static func root(_ kind: String, _ fields: [String: ObjectShape]) -> ObjectShape {
        var all: [String: ObjectShape] = [
            "apiVersion": .string, "kind": .string, "metadata": metadata,
            "status": .object(goStruct: "\(kind)Status", [:]),
        ]
        all.merge(fields) { _, new in new }
        return .object(goStruct: kind, all)
    }

    private static func shape(of type: ResourceType) -> ObjectShape {
        switch type {
        case .pods:
            return root("Pod", ["spec": podSpec])
        case .deployments:
            return root(
                "Deployment",
                [
                    "spec": .object(
                        goStruct: "DeploymentSpec",
                        [
                            "replicas": int32, "selector": selector, "template": template, "paused": .boolean,
                            "minReadySeconds": int32, "revisionHistoryLimit": int32, "progressDeadlineSeconds": int32,
                        ])
                ])
        case .replicaSets:
            return root(
                "ReplicaSet",
                [
                    "spec": .object(
                        goStruct: "ReplicaSetSpec",
                        ["replicas": int32, "selector": selector, "template": template, "minReadySeconds": int32])
                ])
        case .services:
            let port = ObjectShape.object(
                goStruct: "ServicePort", ["name": .string, "protocol": .string, "port": int32, "nodePort": int32])
            return root(
                "Service",
                [
                    "spec": .object(
                        goStruct: "ServiceSpec",
                        [
                            "ports": .list(port), "selector": strings, "clusterIP": .string,
                            "clusterIPs": .list(.string), "type": .string,
                        ])
                ])
        case .configMaps:
            return root("ConfigMap", ["data": strings, "binaryData": strings])
        case .secrets:
            return root("Secret", ["data": strings, "stringData": strings, "type": .string])
        default:
            return root(type.kind, ["spec": .object(goStruct: "\(type.kind)Spec", [:])])
        }
    }
}
