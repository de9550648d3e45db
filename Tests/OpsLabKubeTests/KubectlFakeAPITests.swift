import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

/// An in-memory API server for kubectl tests: CRUD, patch, scale, logs, Tables and discovery.
final class FakeAPIServer: KubeTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var objects: [String: JSONValue] = [:]
    private var version = 100
    private var requestLog: [KubeRequest] = []
    private var pendingRemoval: [String: Int] = [:]
    /// Canned answers by exact path (with query), checked before anything else.
    var canned: [String: KubeResponse] = [:]
    /// Log text by pod name.
    var logs: [String: String] = [:]
    /// How many GETs a deleted object keeps answering (terminating) before it is gone, to exercise `--wait`.
    var lingeringGets = 0
    let now = Date(timeIntervalSince1970: 1_750_000_000)
    let registry = ResourceRegistry()

    var requests: [KubeRequest] { lock.withLock { requestLog } }

    func object(_ type: ResourceType, _ namespace: String?, _ name: String) -> JSONValue? {
        lock.withLock { objects[key(type, namespace, name)] }
    }

    /// Stores an object as if it had been created a minute ago.
    func seed(_ object: JSONValue) {
        guard let type = registry.type(apiVersion: object.apiVersion, kind: object.kind) else { return }
        lock.withLock {
            var object = object
            version += 1
            object.resourceVersion = String(version)
            if object[path: ["metadata", "uid"]] == nil {
                object[path: ["metadata", "uid"]] = .string("uid-\(object.name)")
            }
            if object[path: ["metadata", "creationTimestamp"]] == nil {
                object[path: ["metadata", "creationTimestamp"]] = .string(KubeTime.rfc3339(now.addingTimeInterval(-60)))
            }
            objects[key(type, type.namespaced ? object.namespace : nil, object.name)] = object
        }
    }

    private func key(_ type: ResourceType, _ namespace: String?, _ name: String) -> String {
        "\(type.plural)/\(namespace ?? "")/\(name)"
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse {
        throw KubeConnectionError(server: "fake", cause: "streaming is not faked")
    }

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        lock.withLock { requestLog.append(request) }
        if let answer = canned[request.path] { return answer }
        let parts = request.path.split(separator: "?", maxSplits: 1)
        let path = String(parts[0])
        let query = parts.count > 1 ? Self.query(String(parts[1])) : [:]
        if path == "/version" { return Self.json(["gitVersion": "v1.32.1", "major": "1", "minor": "32"]) }
        if path == "/apis" {
            return Self.json([
                "kind": "APIGroupList",
                "groups": [
                    ["name": "apps", "preferredVersion": ["groupVersion": "apps/v1", "version": "v1"]]
                ],
            ])
        }
        if path == "/api/v1" || path == "/apis/apps/v1" {
            let group = path == "/api/v1" ? "" : "apps"
            let resources: [JSONValue] = registry.types.filter { $0.group == group }.map { type in
                [
                    "name": .string(type.plural), "singularName": .string(type.singular),
                    "namespaced": .bool(type.namespaced), "kind": .string(type.kind),
                    "shortNames": .array(type.shortNames.map(JSONValue.string)),
                    "verbs": .array(type.verbs.map(JSONValue.string)),
                ]
            }
            return Self.json(["kind": "APIResourceList", "resources": .array(resources)])
        }
        guard let route = route(path) else { return Self.status(.badRequest("no route for \(path)")) }
        let table = request.headers.contains { $0.0 == "Accept" && $0.1.contains("as=Table") }
        return lock.withLock { handle(request, route: route, query: query, table: table) }
    }

    private struct Route {
        var type: ResourceType
        var namespace: String?
        var name: String?
        var subresource: String?
    }

    private func route(_ path: String) -> Route? {
        var segments = path.split(separator: "/").map(String.init)
        guard let first = segments.first else { return nil }
        let group: String
        if first == "api" {
            group = ""
            segments.removeFirst(2)
        } else {
            group = segments[1]
            segments.removeFirst(3)
        }
        var namespace: String?
        if segments.count >= 3, segments[0] == "namespaces" {
            namespace = segments[1]
            segments.removeFirst(2)
        }
        guard let plural = segments.first,
            let type = registry.types.first(where: { $0.group == group && $0.plural == plural })
        else { return nil }
        return Route(
            type: type, namespace: namespace, name: segments.count > 1 ? segments[1] : nil,
            subresource: segments.count > 2 ? segments[2] : nil)
    }

    private func handle(_ request: KubeRequest, route: Route, query: [String: String], table: Bool) -> KubeResponse {
        let type = route.type
        let body = request.body.flatMap { try? JSONValue(parsing: $0) }
        guard let name = route.name else {
            if request.method == "POST", var object = body {
                if route.namespace != nil, object.namespace == nil { object.namespace = route.namespace }
                let storeKey = key(type, route.namespace, object.name)
                if objects[storeKey] != nil { return Self.status(.alreadyExists(type, name: object.name)) }
                version += 1
                object.resourceVersion = String(version)
                object[path: ["metadata", "uid"]] = .string("uid-\(object.name)")
                objects[storeKey] = object
                return Self.json(object, code: 201)
            }
            let prefix = "\(type.plural)/\(route.namespace ?? "")"
            var items = objects.filter {
                route.namespace == nil ? $0.key.hasPrefix("\(type.plural)/") : $0.key.hasPrefix(prefix + "/")
            }
            .sorted { $0.key < $1.key }.map(\.value)
            if let selector = query["labelSelector"], let parsed = try? LabelSelector(parsing: selector) {
                items = items.filter { parsed.matches($0.labels) }
            }
            if table {
                let include = IncludeObjectPolicy(queryValue: query["includeObject"])
                return Self.json(TableGenerator.table(for: type, objects: items, now: now, includeObject: include))
            }
            return Self.json([
                "kind": .string(type.listKind), "apiVersion": .string(type.apiVersion),
                "metadata": ["resourceVersion": .string(String(version))], "items": .array(items),
            ])
        }
        let storeKey = key(type, route.namespace, name)
        if route.subresource == "log" {
            guard objects[storeKey] != nil else { return Self.status(.notFound(type, name: name)) }
            return KubeResponse(status: 200, body: Data((logs[name] ?? "").utf8))
        }
        if let remaining = pendingRemoval[storeKey] {
            if remaining <= 0 {
                objects[storeKey] = nil
                pendingRemoval[storeKey] = nil
            } else {
                pendingRemoval[storeKey] = remaining - 1
            }
        }
        guard var object = objects[storeKey] else { return Self.status(.notFound(type, name: name)) }
        switch request.method {
        case "GET":
            if table { return Self.json(TableGenerator.table(for: type, objects: [object], now: now)) }
            return Self.json(object)
        case "DELETE":
            if lingeringGets > 0 {
                pendingRemoval[storeKey] = lingeringGets
                object[path: ["metadata", "deletionTimestamp"]] = .string(KubeTime.rfc3339(now))
                objects[storeKey] = object
                return Self.json(object)
            }
            objects[storeKey] = nil
            return Self.json(object)
        case "PATCH":
            guard let patch = body else { return Self.status(.badRequest("no body")) }
            let contentType = request.headers.first { $0.0 == "Content-Type" }?.1 ?? ""
            let patched: JSONValue
            do {
                switch PatchType(mediaType: contentType) {
                case .json?: patched = try JSONPatch.apply(patch, to: object)
                case .strategic?: patched = try StrategicMergePatch.apply(patch, to: object, kind: type.kind)
                default: patched = JSONMergePatch.apply(patch, to: object)
                }
            } catch {
                return Self.status(error.status)
            }
            if patched != object {
                version += 1
                object = patched
                object.resourceVersion = String(version)
                objects[storeKey] = object
            }
            if route.subresource == "scale" {
                return Self.json(["kind": "Scale", "spec": ["replicas": object[path: ["spec", "replicas"]] ?? 0]])
            }
            return Self.json(object)
        default:
            return Self.status(.methodNotAllowed("method \(request.method) not allowed"))
        }
    }

    static func json(_ value: JSONValue, code: Int = 200) -> KubeResponse {
        KubeResponse(status: code, headers: [("Content-Type", "application/json")], body: value.jsonData())
    }

    static func status(_ status: APIStatus) -> KubeResponse {
        KubeResponse(status: status.code, body: status.json.jsonData())
    }

    static func query(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            result[parts[0]] = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
        }
        return result
    }
}

/// Helpers shared by the kubectl suites.
enum KubectlFixtures {
    static func kubectl(_ server: FakeAPIServer, files: [String: String] = [:]) -> Kubectl {
        let environment = KubectlEnvironment(
            now: { [now = server.now] in now }, sleep: { _ in },
            readFile: { path in
                guard let text = files[path] else { throw CocoaError(.fileNoSuchFile) }
                return Data(text.utf8)
            },
            listDirectory: { _ in nil }, pollInterval: .milliseconds(1))
        return Kubectl(client: KubeClient(transport: server), defaultNamespace: "default", environment: environment)
    }

    static func pod(
        _ name: String, namespace: String = "default", labels: [String: String] = ["app": "geo"],
        containers: [String] = ["geo"]
    ) -> JSONValue {
        var pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": ["containers": .array(containers.map { ["name": .string($0), "image": "opslab/geo:1"] })],
            "status": ["phase": "Running"],
        ]
        pod.labels = labels
        return pod
    }

    static func deployment(_ name: String, replicas: Int64 = 1) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": "default", "generation": 1],
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)]],
                    "spec": [
                        "containers": [
                            [
                                "name": .string(name), "image": "opslab/geo:1",
                                "env": [["name": "A", "value": "1"]],
                            ]
                        ]
                    ],
                ],
            ],
            "status": [
                "observedGeneration": 1, "replicas": .int(replicas), "updatedReplicas": .int(replicas),
                "availableReplicas": .int(replicas), "readyReplicas": .int(replicas),
            ],
        ]
    }
}

@Suite struct KubectlFakeAPITests {
    @Test func fakeServerStoresAndListsObjects() async throws {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.pod("geo-1"))
        let client = KubeClient(transport: server)
        let list = try await client.list(.pods, namespace: "default")
        #expect(list["items"]?.arrayValue?.map(\.name) == ["geo-1"])
    }
}
