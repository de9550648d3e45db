import Foundation
import OpsLabCore
import OpsLabKube

extension APIRouter {
    func get(_ target: Target, _ request: APIRequest) async throws -> APIResponse {
        guard let name = target.name else { throw APIStatus.badRequest("name required") }
        let object = try await context.store.get(target.type, namespace: target.namespace, name: name)
        switch target.subresource {
        case "log":
            return .text(200, try await logs(object, target, request))
        case "scale":
            return .json(200, scale(of: object, type: target.type))
        default:
            if request.wantsTable {
                return .json(200, table(target.type, [object], request))
            }
            return .json(200, object)
        }
    }

    func list(_ target: Target, _ request: APIRequest) async throws -> APIResponse {
        let labelSelector = try request.query["labelSelector"].map { try LabelSelector(parsing: $0) }
        let fieldSelector = try request.query["fieldSelector"].map { try FieldSelector(parsing: $0) }
        let (items, revision) = await context.store.list(
            target.type, namespace: target.namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
        if request.wantsTable {
            var table = table(target.type, items, request)
            table[path: ["metadata", "resourceVersion"]] = .string(String(revision))
            return .json(200, table)
        }
        let listObject: JSONValue = [
            "kind": .string(target.type.listKind), "apiVersion": .string(target.type.apiVersion),
            "metadata": ["resourceVersion": .string(String(revision))], "items": .array(items),
        ]
        return .json(200, listObject)
    }

    /// Streams watch events as newline-delimited JSON; `name` narrows the watch to one object.
    func watch(_ target: Target, _ request: APIRequest, name: String? = nil) async throws -> APIResponse {
        let labelSelector = try request.query["labelSelector"].map { try LabelSelector(parsing: $0) }
        let fields = [name.map { "metadata.name=\($0)" }, request.query["fieldSelector"]].compactMap { $0 }
        let fieldSelector = fields.isEmpty ? nil : try FieldSelector(parsing: fields.joined(separator: ","))
        let since = request.query["resourceVersion"].flatMap { UInt64($0) }
        let events = try await context.store.watch(target.type, namespace: target.namespace, since: since)
        // Kubernetes takes whole seconds; a missing, zero or unparsable value means the default.
        let requested = Int(request.query["timeoutSeconds"] ?? "") ?? 0
        let timeout = requested > 0 ? min(requested, 3600) : 1800
        let wantsTable = request.wantsTable
        let router = self
        let (body, continuation) = AsyncStream.makeStream(of: Data.self)
        let task = Task {
            await router.watches.track {
                await router.stream(events, timeout: timeout, into: continuation) { event in
                    router.watchLine(event, target, labelSelector, fieldSelector, wantsTable, request)
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return .stream(status: 200, contentType: "application/json", body: body)
    }

    /// Forwards store events as lines until the timeout, cancellation, or the end of the store's stream.
    private func stream(
        _ events: AsyncStream<WatchEvent>, timeout: Int, into continuation: AsyncStream<Data>.Continuation,
        line: @escaping @Sendable (WatchEvent) -> Data?
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events {
                    if let data = line(event) { continuation.yield(data) }
                }
            }
            group.addTask { try? await Task.sleep(for: .seconds(timeout)) }
            await group.next()
            group.cancelAll()
        }
    }

    /// One newline-terminated watch event, or `nil` when the event is filtered out.
    ///
    /// An object that stops matching the selectors is reported as DELETED, one that starts matching as ADDED.
    private func watchLine(
        _ event: WatchEvent, _ target: Target, _ labels: LabelSelector?, _ fields: FieldSelector?, _ wantsTable: Bool,
        _ request: APIRequest
    ) -> Data? {
        func matches(_ object: JSONValue?) -> Bool {
            guard let object else { return false }
            return (labels?.matches(object.labels) ?? true) && (fields?.matches(object) ?? true)
        }
        var kind = event.kind
        let now = matches(event.object)
        if event.kind == .modified {
            let before = matches(event.previous)
            switch (before, now) {
            case (false, false): return nil
            case (true, false): kind = .deleted
            case (false, true): kind = .added
            case (true, true): break
            }
        } else if !(event.kind == .deleted ? matches(event.previous ?? event.object) : now) {
            return nil
        }
        let object = wantsTable ? table(target.type, [event.object], request) : event.object
        let line: JSONValue = ["type": .string(kind.rawValue), "object": object]
        return line.jsonData() + Data("\n".utf8)
    }

    func table(_ type: ResourceType, _ objects: [JSONValue], _ request: APIRequest) -> JSONValue {
        let policy: IncludeObjectPolicy
        switch request.query["includeObject"] {
        case "None": policy = .none
        case "Object": policy = .object
        default: policy = .metadata
        }
        return TableGenerator.table(for: type, objects: objects, now: context.now(), includeObject: policy)
    }

    func scale(of object: JSONValue, type: ResourceType) -> JSONValue {
        let selector = LabelSelector(
            (try? object[path: ["spec", "selector"]]?.decode(LabelSelectorSpec.self)) ?? LabelSelectorSpec())
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": [
                "name": .string(object.name), "namespace": object.namespace.map(JSONValue.string) ?? .null,
                "uid": .string(object.uid), "resourceVersion": .string(object.resourceVersion ?? ""),
                "creationTimestamp": object[path: ["metadata", "creationTimestamp"]] ?? .null,
            ],
            "spec": ["replicas": object[path: ["spec", "replicas"]] ?? 1],
            "status": [
                "replicas": object[path: ["status", "replicas"]] ?? 0, "selector": .string(selector.description),
            ],
        ]
    }

    private func logs(_ pod: JSONValue, _ target: Target, _ request: APIRequest) async throws -> String {
        let query = LogQuery(
            namespace: target.namespace ?? "default", pod: pod, container: request.query["container"],
            previous: request.query["previous"] == "true", tailLines: request.query["tailLines"].flatMap { Int($0) },
            sinceSeconds: request.query["sinceSeconds"].flatMap { Int($0) },
            timestamps: request.query["timestamps"] == "true")
        return try await logReader(query)
    }
}
