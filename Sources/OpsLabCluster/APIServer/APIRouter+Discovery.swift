import Foundation
import OpsLabCore
import OpsLabKube

extension APIRouter {
    /// Answers discovery, version, health and OpenAPI paths; `nil` for anything else.
    func discovery(_ parts: [String], _ request: APIRequest) throws -> APIResponse? {
        guard request.method == "GET" else { return nil }
        switch parts {
        case ["version"]:
            return .json(200, versionInfo)
        case ["healthz"], ["livez"], ["readyz"]:
            return .text(200, "ok")
        case ["api"]:
            let versions: JSONValue = [
                "kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [
                    [
                        "clientCIDR": "0.0.0.0/0",
                        "serverAddress": .string(
                            "\(context.configuration.apiAddress):\(context.configuration.apiPort)"),
                    ]
                ],
            ]
            return .json(200, versions)
        case ["apis"]:
            let served = groups.map(groupJSON) + (metrics == nil ? [] : [Self.metricsGroup])
            return .json(200, ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(served)])
        case ["api", "v1"]:
            return .json(200, resourceList(group: "", version: "v1"))
        case let path where path.count == 2 && path[0] == "apis":
            guard groups.contains(path[1]) else { return nil }
            var group = groupJSON(path[1])
            group["kind"] = "APIGroup"
            group["apiVersion"] = "v1"
            return .json(200, group)
        case let path where path.count == 3 && path[0] == "apis":
            guard registry.types.contains(where: { $0.group == path[1] && $0.version == path[2] }) else { return nil }
            return .json(200, resourceList(group: path[1], version: path[2]))
        case ["openapi", "v2"]:
            let document: JSONValue = [
                "swagger": "2.0",
                "info": ["title": "Kubernetes", "version": .string(context.configuration.kubernetesVersion)],
                "paths": [:], "definitions": [:],
            ]
            return .json(200, document)
        case ["openapi", "v3"]:
            var paths: [String: JSONValue] = [:]
            for type in registry.types {
                let key = String(type.groupVersionPath.dropFirst())
                paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(openAPIHash(key))")]
            }
            return .json(200, ["paths": .object(paths)])
        case let path where path.count >= 4 && path[0] == "openapi" && path[1] == "v3":
            let key = path[2...].joined(separator: "/")
            let types = registry.types.filter { String($0.groupVersionPath.dropFirst()) == key }
            guard !types.isEmpty else { return nil }
            return .json(200, openAPIDocument(types))
        default:
            return nil
        }
    }

    private var groups: [String] {
        var seen: [String] = []
        for type in registry.types where !type.group.isEmpty && !seen.contains(type.group) { seen.append(type.group) }
        return seen
    }

    private var versionInfo: JSONValue {
        let version = context.configuration.kubernetesVersion
        let numbers = version.dropFirst().split(separator: ".")
        return [
            "major": .string(String(numbers.first ?? "1")), "minor": .string(String(numbers.dropFirst().first ?? "32")),
            "gitVersion": .string(version), "gitCommit": "0000000000000000000000000000000000000000",
            "gitTreeState": "clean", "buildDate": "2025-01-15T00:00:00Z", "goVersion": "go1.23.4", "compiler": "gc",
            "platform": "linux/amd64",
        ]
    }

    private func groupJSON(_ name: String) -> JSONValue {
        let versions = registry.types.filter { $0.group == name }.map(\.version)
        var unique: [String] = []
        for version in versions where !unique.contains(version) { unique.append(version) }
        let entries: [JSONValue] = unique.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return ["name": .string(name), "versions": .array(entries), "preferredVersion": entries[0]]
    }

    private func resourceList(group: String, version: String) -> JSONValue {
        var resources: [JSONValue] = []
        for type in registry.types where type.group == group && type.version == version {
            var entry: JSONValue = [
                "name": .string(type.plural), "singularName": .string(type.singular),
                "namespaced": .bool(type.namespaced),
                "kind": .string(type.kind), "verbs": .array(type.verbs.map(JSONValue.string)),
            ]
            if !type.shortNames.isEmpty { entry["shortNames"] = .array(type.shortNames.map(JSONValue.string)) }
            if !type.categories.isEmpty { entry["categories"] = .array(type.categories.map(JSONValue.string)) }
            resources.append(entry)
            for subresource in type.subresources {
                var sub: JSONValue = [
                    "name": .string("\(type.plural)/\(subresource)"), "singularName": "",
                    "namespaced": .bool(type.namespaced), "kind": .string(type.kind),
                    "verbs": ["get", "patch", "update"],
                ]
                switch subresource {
                case "log": sub["verbs"] = ["get"]
                case "exec":
                    sub["kind"] = "PodExecOptions"
                    sub["verbs"] = ["create", "get"]
                case "binding":
                    sub["kind"] = "Binding"
                    sub["verbs"] = ["create"]
                case "scale":
                    sub["group"] = "autoscaling"
                    sub["version"] = "v1"
                    sub["kind"] = "Scale"
                default: break
                }
                resources.append(sub)
            }
        }
        return [
            "kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"),
            "resources": .array(resources),
        ]
    }

    private func openAPIHash(_ key: String) -> String {
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in (key + context.configuration.kubernetesVersion).utf8 {
            hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211
        }
        return String(hash, radix: 16).uppercased()
    }

    /// An OpenAPI v3 document that declares, for each kind, the write operations and their `fieldValidation`
    /// parameter — which is what kubectl checks before leaving validation to the server.
    private func openAPIDocument(_ types: [ResourceType]) -> JSONValue {
        let fieldValidation: JSONValue = [
            "name": "fieldValidation", "in": "query", "schema": ["type": "string", "uniqueItems": true],
            "description":
                "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.",
        ]
        let dryRun: JSONValue = ["name": "dryRun", "in": "query", "schema": ["type": "string", "uniqueItems": true]]
        var paths: [String: JSONValue] = [:]
        for type in types {
            let gvk: JSONValue = [
                "group": .string(type.group), "version": .string(type.version), "kind": .string(type.kind),
            ]
            func operation(_ action: String) -> JSONValue {
                [
                    "operationId": .string("\(action)\(type.kind)"),
                    "parameters": action == "get" || action == "list" ? [] : [fieldValidation, dryRun],
                    "responses": ["200": ["description": "OK"]],
                    "x-kubernetes-action": .string(action), "x-kubernetes-group-version-kind": gvk,
                ]
            }
            let namespace = type.namespaced ? "/namespaces/{namespace}" : ""
            let collection = "\(type.groupVersionPath)\(namespace)/\(type.plural)"
            paths[collection] = ["get": operation("list"), "post": operation("post")]
            paths[collection + "/{name}"] = [
                "get": operation("get"), "put": operation("put"), "patch": operation("patch"),
                "delete": operation("delete"),
            ]
        }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": .string(context.configuration.kubernetesVersion)],
            "paths": .object(paths), "components": ["schemas": [:]],
        ]
    }
}
