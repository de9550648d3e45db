import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

/// A router over a fresh store with the `default` namespace, called directly (no network).
struct RouterFixture {
    static let token = "router-test-token"

    let context: ClusterContext
    let router: APIRouter

    /// What a call answered.
    struct Reply {
        var status: Int
        var contentType: String
        var body: Data
        var headers: [(String, String)]

        var json: JSONValue { (try? JSONValue(parsing: body)) ?? .null }
        var message: String { json["message"]?.stringValue ?? "" }
        var reason: String { json["reason"]?.stringValue ?? "" }
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> [String] {
            headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
        }
    }

    init(now: @escaping @Sendable () -> Date = { Date() }) async throws {
        let directory = NSTemporaryDirectory() + "opslab-router-\(UUID().uuidString)"
        let configuration = ClusterConfiguration(stateDirectory: directory, block: 210, executablePath: "/bin/true")
        let store = ObjectStore(now: now)
        context = ClusterContext(store: store, configuration: configuration, logger: Logger(label: "test"), now: now)
        try await store.create(.namespaces, ["metadata": ["name": "default"]])
        router = APIRouter(context: context, token: Self.token) { query in
            "log of \(query.pod.name)/\(try query.resolvedContainer())\n"
        }
    }

    /// Sends a request with the right token unless `headers` sets `authorization`.
    func call(
        _ method: String, _ target: String, _ body: JSONValue? = nil, headers: [String: String] = [:]
    ) async -> Reply {
        await call(method, target, raw: body.map { $0.jsonData() } ?? Data(), headers: headers)
    }

    /// Sends raw bytes as the body.
    func call(_ method: String, _ target: String, raw: Data, headers: [String: String] = [:]) async -> Reply {
        var all = ["authorization": "Bearer \(Self.token)"]
        if method == "PATCH" { all["content-type"] = "application/merge-patch+json" }
        for (key, value) in headers { all[key.lowercased()] = value }
        let request = APIRequest(method: method, target: target, headers: all, body: raw)
        switch await router.handle(request) {
        case .full(let status, let contentType, let body, let headers):
            return Reply(status: status, contentType: contentType, body: body, headers: headers)
        case .stream(let status, let contentType, _):
            return Reply(status: status, contentType: contentType, body: Data(), headers: [])
        }
    }

    /// Opens a watch and returns its stream of lines.
    func watch(_ target: String, headers: [String: String] = [:]) async throws -> WatchReader {
        var all = ["authorization": "Bearer \(Self.token)"]
        for (key, value) in headers { all[key.lowercased()] = value }
        let response = await router.handle(APIRequest(method: "GET", target: target, headers: all, body: Data()))
        guard case .stream(let status, _, let body) = response else {
            if case .full(let status, _, let body, _) = response {
                Issue.record("expected a stream, got \(status): \(String(decoding: body, as: UTF8.self))")
            }
            throw CancellationError()
        }
        #expect(status == 200)
        return WatchReader(body: body)
    }

    static let podsPath = "/api/v1/namespaces/default/pods"
    static let deploymentsPath = "/apis/apps/v1/namespaces/default/deployments"
    static let servicesPath = "/api/v1/namespaces/default/services"
    static let tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"

    static func pod(_ name: String, labels: [String: String] = ["app": "web"], node: String? = nil) -> JSONValue {
        var pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name)],
            "spec": [
                "containers": [
                    ["name": "main", "image": "opslab/echo:1.0", "env": [["name": "A", "value": "1"]]],
                    ["name": "side", "image": "opslab/echo:1.0", "env": [["name": "B", "value": "2"]]],
                ]
            ],
        ]
        pod.labels = labels
        if let node { pod[path: ["spec", "nodeName"]] = .string(node) }
        return pod
    }

    static func deployment(_ name: String, replicas: Int64 = 2) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)],
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)]],
                    "spec": ["containers": [["name": "main", "image": "opslab/echo:1.0"]]],
                ],
            ],
        ]
    }
}

/// Reads newline-delimited watch events from a streaming response.
final class WatchReader: @unchecked Sendable {
    private var iterator: AsyncStream<Data>.Iterator
    private var buffer = Data()

    init(body: AsyncStream<Data>) { iterator = body.makeAsyncIterator() }

    /// The next event, or `nil` when nothing arrives within `timeout` or the stream ends.
    func next(timeout: Duration = .seconds(2)) async -> JSONValue? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                return try? JSONValue(parsing: Data(line))
            }
            let chunk: Data?? = await withTaskGroup(of: Data??.self) { group in
                var iterator = self.iterator
                group.addTask { .some(await iterator.next()) }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return .none
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            guard let chunk, let data = chunk else { return nil }
            buffer.append(data)
        }
    }
}

@Suite("APIRouter: auth, errors and CRUD")
struct APIRouterTests {
    @Test("401 without a token and with a wrong one, as a Status")
    func unauthorized() async throws {
        let fixture = try await RouterFixture()
        let missing = await fixture.call("GET", "/api/v1/pods", headers: ["authorization": ""])
        #expect(missing.status == 401)
        #expect(missing.reason == "Unauthorized")
        let wrong = await fixture.call("GET", "/version", headers: ["authorization": "Bearer nope"])
        #expect(wrong.status == 401)
        #expect(wrong.json["kind"] == "Status")
        let right = await fixture.call("GET", "/version")
        #expect(right.status == 200)
        #expect(right.json["gitVersion"] == "v1.32.1")
    }

    @Test("create answers 201 with uid, resourceVersion, creationTimestamp and pod defaults")
    func createPod() async throws {
        let fixture = try await RouterFixture()
        let reply = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("web"))
        #expect(reply.status == 201)
        let pod = reply.json
        #expect(!pod.uid.isEmpty)
        #expect(pod.resourceVersion.flatMap { UInt64($0) } != nil)
        #expect(pod[path: ["metadata", "creationTimestamp"]]?.stringValue?.hasSuffix("Z") == true)
        #expect(pod.namespace == "default")
        #expect(pod[path: ["spec", "restartPolicy"]] == "Always")
        #expect(pod[path: ["status", "phase"]] == "Pending")
        #expect(pod[path: ["status", "qosClass"]] == "BestEffort")
        let stored = await fixture.call("GET", RouterFixture.podsPath + "/web")
        #expect(stored.status == 200)
        #expect(stored.json == pod)
    }

    @Test("a Service gets a ClusterIP in the block, protocol TCP and a defaulted targetPort")
    func createService() async throws {
        let fixture = try await RouterFixture()
        let service: JSONValue = [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"],
            "spec": ["selector": ["app": "web"], "ports": [["port": 8080]]],
        ]
        let reply = await fixture.call("POST", RouterFixture.servicesPath, service)
        #expect(reply.status == 201)
        let clusterIP = reply.json[path: ["spec", "clusterIP"]]?.stringValue ?? ""
        #expect(clusterIP.hasPrefix("127.210.0."))
        #expect(reply.json[path: ["spec", "clusterIPs"]] == [.string(clusterIP)])
        #expect(reply.json[path: ["spec", "type"]] == "ClusterIP")
        let port = reply.json[path: ["spec", "ports"]]?[0]
        #expect(port?["protocol"] == "TCP")
        #expect(port?["targetPort"] == 8080)
    }

    @Test("duplicate create is 409 AlreadyExists and does not leak the Service's ClusterIP")
    func duplicate() async throws {
        let fixture = try await RouterFixture()
        #expect(await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("web")).status == 201)
        let again = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("web"))
        #expect(again.status == 409)
        #expect(again.reason == "AlreadyExists")
        #expect(again.message == "pods \"web\" already exists")
        let service: JSONValue = ["metadata": ["name": "svc"], "spec": ["ports": [["port": 80]]]]
        let first = await fixture.call("POST", RouterFixture.servicesPath, service)
        for _ in 0..<3 {
            #expect(await fixture.call("POST", RouterFixture.servicesPath, service).status == 409)
        }
        let firstIP = first.json[path: ["spec", "clusterIP"]]?.stringValue ?? ""
        let last = firstIP.split(separator: ".").last.flatMap { Int($0) } ?? 0
        // The failed attempts gave the addresses they took back to the allocator.
        for offset in 1...3 {
            #expect(fixture.context.reserveIP("127.210.0.\(last + offset)"))
        }
        #expect(!fixture.context.reserveIP(firstIP))
    }

    @Test("missing objects are 404 with Kubernetes' message; unknown paths are 404 too")
    func notFound() async throws {
        let fixture = try await RouterFixture()
        let pod = await fixture.call("GET", RouterFixture.podsPath + "/x")
        #expect(pod.status == 404)
        #expect(pod.message == "pods \"x\" not found")
        #expect(pod.json[path: ["details", "kind"]] == "pods")
        let deployment = await fixture.call("DELETE", RouterFixture.deploymentsPath + "/x")
        #expect(deployment.message == "deployments.apps \"x\" not found")
        #expect(await fixture.call("GET", "/api/v1/widgets").status == 404)
        #expect(await fixture.call("GET", "/apis/apps/v2/deployments").status == 404)
        #expect(await fixture.call("GET", "/nothing/here").status == 404)
        // A namespaced kind addressed by name without a namespace, and a cluster-scoped kind inside one.
        #expect(await fixture.call("GET", "/api/v1/pods/x").status == 404)
        #expect(await fixture.call("GET", "/api/v1/namespaces/default/nodes").status == 404)
        let namespace = await fixture.call("GET", "/api/v1/namespaces/nope/pods/x")
        #expect(namespace.status == 404)
    }

    @Test("create in a missing namespace is 404 namespaces \"x\" not found")
    func missingNamespace() async throws {
        let fixture = try await RouterFixture()
        let reply = await fixture.call("POST", "/api/v1/namespaces/ghost/pods", RouterFixture.pod("web"))
        #expect(reply.status == 404)
        #expect(reply.message == "namespaces \"ghost\" not found")
    }

    @Test("update with a stale resourceVersion is 409 Conflict")
    func conflict() async throws {
        let fixture = try await RouterFixture()
        let created = await fixture.call("POST", RouterFixture.deploymentsPath, RouterFixture.deployment("geo")).json
        var first = created
        first[path: ["spec", "replicas"]] = 3
        let updated = await fixture.call("PUT", RouterFixture.deploymentsPath + "/geo", first)
        #expect(updated.status == 200)
        #expect(updated.json[path: ["spec", "replicas"]] == 3)
        #expect(updated.json[path: ["metadata", "generation"]] == 2)
        var stale = created
        stale[path: ["spec", "replicas"]] = 4
        let reply = await fixture.call("PUT", RouterFixture.deploymentsPath + "/geo", stale)
        #expect(reply.status == 409)
        #expect(reply.reason == "Conflict")
        #expect(
            reply.message
                == "Operation cannot be fulfilled on deployments.apps \"geo\": the object has been modified; "
                + "please apply your changes to the latest version and try again")
        let wrongName = await fixture.call("PUT", RouterFixture.deploymentsPath + "/other", first)
        #expect(wrongName.status == 400)
    }

    @Test("an invalid Deployment is 422 with the server's message and causes")
    func invalid() async throws {
        let fixture = try await RouterFixture()
        let reply = await fixture.call(
            "POST", RouterFixture.deploymentsPath, RouterFixture.deployment("geo", replicas: -1))
        #expect(reply.status == 422)
        #expect(reply.reason == "Invalid")
        #expect(
            reply.message
                == "Deployment.apps \"geo\" is invalid: spec.replicas: Invalid value: -1: "
                + "must be greater than or equal to 0"
        )
        #expect(reply.json[path: ["details", "kind"]] == "Deployment")
        #expect(reply.json[path: ["details", "group"]] == "apps")
        let cause = reply.json[path: ["details", "causes"]]?[0]
        #expect(cause?["field"] == "spec.replicas")
        #expect(cause?["reason"] == "FieldValueInvalid")
        #expect(cause?["message"] == "Invalid value: -1: must be greater than or equal to 0")
        // Core kinds carry no group in the message.
        var pod = RouterFixture.pod("web")
        pod[path: ["spec", "containers"]] = [["name": "main"]]
        let podReply = await fixture.call("POST", RouterFixture.podsPath, pod)
        #expect(podReply.status == 422)
        #expect(podReply.message.hasPrefix("Pod \"web\" is invalid: spec.containers[0].image: Required value"))
    }

    @Test("a body whose namespace differs from the URL's is 400")
    func namespaceMismatch() async throws {
        let fixture = try await RouterFixture()
        var pod = RouterFixture.pod("web")
        pod.namespace = "other"
        let reply = await fixture.call("POST", RouterFixture.podsPath, pod)
        #expect(reply.status == 400)
        #expect(
            reply.message == "the namespace of the provided object does not match the namespace sent on the request")
        let created = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("web")).json
        var moved = created
        moved.namespace = "other"
        #expect(await fixture.call("PUT", RouterFixture.podsPath + "/web", moved).status == 400)
    }

    @Test("a body of the wrong kind or apiVersion is 400")
    func wrongKind() async throws {
        let fixture = try await RouterFixture()
        var deployment = RouterFixture.deployment("geo")
        deployment["kind"] = "Pod"
        #expect(await fixture.call("POST", RouterFixture.deploymentsPath, deployment).status == 400)
        deployment["kind"] = "Deployment"
        deployment["apiVersion"] = "v1"
        #expect(await fixture.call("POST", RouterFixture.deploymentsPath, deployment).status == 400)
    }

    @Test("DELETE of a bound pod is graceful; of an unbound pod, immediate")
    func deletePods() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("bound", node: "opslab-worker"))
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("loose"))
        let bound = await fixture.call("DELETE", RouterFixture.podsPath + "/bound")
        #expect(bound.status == 200)
        #expect(bound.json[path: ["metadata", "deletionTimestamp"]] != nil)
        #expect(bound.json[path: ["metadata", "deletionGracePeriodSeconds"]] == 30)
        #expect(await fixture.call("GET", RouterFixture.podsPath + "/bound").status == 200)
        let loose = await fixture.call("DELETE", RouterFixture.podsPath + "/loose")
        #expect(loose.status == 200)
        #expect(loose.json.kind == "Pod")
        #expect(await fixture.call("GET", RouterFixture.podsPath + "/loose").status == 404)
        let forced = await fixture.call("DELETE", RouterFixture.podsPath + "/bound?gracePeriodSeconds=0")
        #expect(forced.status == 200)
        #expect(await fixture.call("GET", RouterFixture.podsPath + "/bound").status == 404)
    }

    @Test("DELETE of other kinds answers a Success Status, as Kubernetes does")
    func deleteDeployment() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.deploymentsPath, RouterFixture.deployment("geo"))
        let reply = await fixture.call("DELETE", RouterFixture.deploymentsPath + "/geo")
        #expect(reply.status == 200)
        #expect(reply.json["kind"] == "Status")
        #expect(reply.json["status"] == "Success")
        #expect(reply.json[path: ["details", "name"]] == "geo")
        #expect(reply.json[path: ["details", "kind"]] == "deployments")
        #expect(await fixture.call("GET", RouterFixture.deploymentsPath + "/geo").status == 404)
    }

    @Test("pods/log goes to the log reader; unsupported subresource methods are refused")
    func logsAndMethods() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("web"))
        let log = await fixture.call("GET", RouterFixture.podsPath + "/web/log?container=side")
        #expect(log.status == 200)
        #expect(log.text == "log of web/side\n")
        #expect(log.contentType.hasPrefix("text/plain"))
        let noContainer = await fixture.call("GET", RouterFixture.podsPath + "/web/log")
        #expect(noContainer.status == 400)
        #expect(await fixture.call("PUT", RouterFixture.podsPath + "/web/log", RouterFixture.pod("web")).status == 405)
        #expect(await fixture.call("GET", RouterFixture.podsPath + "/web/nothing").status == 404)
        #expect(await fixture.call("POST", RouterFixture.podsPath + "/web", RouterFixture.pod("web")).status == 405)
    }
}
