import Foundation
import OpsLabCore
import OpsLabKube

extension APIRouter {
    func create(_ target: Target, _ request: APIRequest) async throws -> APIResponse {
        var object = try objectBody(request)
        let type = target.type
        if let namespace = target.namespace {
            try checkNamespace(object, namespace)
            object.namespace = namespace
        } else if type.namespaced {
            throw APIStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        try checkKind(object, type)
        try ObjectShape.check(object, type: type)
        let warnings = try unknownFieldWarnings(&object, type, request)
        object = try await admission.admitCreate(type, object)
        if request.query["dryRun"] == "All" {
            releaseClusterIP(of: object, type)
            return .json(201, object, headers: warnings)
        }
        do {
            let created = try await context.store.create(type, object)
            return .json(201, created, headers: warnings)
        } catch {
            // The address admission took for a Service that was never stored goes back to the pool.
            releaseClusterIP(of: object, type)
            throw error
        }
    }

    func replace(_ target: Target, _ request: APIRequest) async throws -> APIResponse {
        guard let name = target.name else { throw APIStatus.badRequest("name required") }
        var object = try objectBody(request)
        if object.name.isEmpty { object.name = name }
        guard object.name == name else {
            throw APIStatus.badRequest(
                "the name of the object (\(object.name)) does not match the name on the URL (\(name))")
        }
        if target.subresource == "scale" {
            let replicas = object[path: ["spec", "replicas"]] ?? .int(0)
            return try await updateScale(target, name: name, replicas: replicas)
        }
        if let namespace = target.namespace {
            try checkNamespace(object, namespace)
            object.namespace = namespace
        }
        try checkKind(object, target.type)
        try ObjectShape.check(object, type: target.type)
        let warnings = try unknownFieldWarnings(&object, target.type, request)
        let existing = try await context.store.get(target.type, namespace: target.namespace, name: name)
        let updated = try await store(object, existing: existing, target)
        return .json(200, updated, headers: warnings)
    }

    func patch(_ target: Target, _ request: APIRequest) async throws -> APIResponse {
        guard let name = target.name else { throw APIStatus.badRequest("name required") }
        let contentType = request.headers["content-type"] ?? ""
        guard let patchType = PatchType(mediaType: contentType) else {
            throw APIStatus.unsupportedMediaType(contentType)
        }
        let patch = try patchBody(request, patchType)
        let existing = try await context.store.get(target.type, namespace: target.namespace, name: name)
        let base = target.subresource == "scale" ? scale(of: existing, type: target.type) : existing
        var patched: JSONValue
        do {
            switch patchType {
            case .json: patched = try JSONPatch.apply(patch, to: base)
            case .merge: patched = JSONMergePatch.apply(patch, to: base)
            case .strategic:
                patched = try StrategicMergePatch.apply(patch, to: base, kind: base.kind)
            }
        } catch {
            throw error.status
        }
        guard case .object = patched else {
            throw APIStatus.badRequest("the patch turned the object into \(patched.typeName)")
        }
        if target.subresource == "scale" {
            return try await updateScale(target, name: name, replicas: patched[path: ["spec", "replicas"]] ?? .int(0))
        }
        try checkKind(patched, target.type)
        try ObjectShape.check(patched, type: target.type)
        // A patch may not rename or move the object; a resourceVersion in the patch is a precondition.
        patched.name = name
        if let namespace = target.namespace { patched.namespace = namespace }
        if patch[path: ["metadata", "resourceVersion"]] == nil { patched.resourceVersion = existing.resourceVersion }
        let warnings = try unknownFieldWarnings(&patched, target.type, request)
        let updated = try await store(patched, existing: existing, target)
        return .json(200, updated, headers: warnings)
    }

    /// Deletes one object. Pods, Services and Namespaces answer with the object (Kubernetes' `ReturnDeletedObject`);
    /// other kinds answer a `Success` Status naming what was deleted.
    func delete(_ target: Target, _ request: APIRequest) async throws -> APIResponse {
        guard let name = target.name else { throw APIStatus.badRequest("name required") }
        let options =
            request.body.isEmpty ? JSONValue.emptyObject : ((try? JSONValue(parsing: request.body)) ?? .emptyObject)
        let grace =
            request.query["gracePeriodSeconds"].flatMap { Int($0) }
            ?? options["gracePeriodSeconds"]?.intValue.map(Int.init)
        let result = try await deleter.delete(
            target.type, namespace: target.namespace, name: name, gracePeriodSeconds: grace)
        if [.pods, .services, .namespaces].contains(target.type) { return .json(200, result) }
        let status: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success",
            "details": [
                "name": .string(name), "group": .string(target.type.group), "kind": .string(target.type.plural),
                "uid": .string(result.uid),
            ],
        ]
        return .json(200, status)
    }

    func deleteCollection(_ target: Target, _ request: APIRequest) async throws -> APIResponse {
        let labelSelector = try request.query["labelSelector"].map { try LabelSelector(parsing: $0) }
        let fieldSelector = try request.query["fieldSelector"].map { try FieldSelector(parsing: $0) }
        let (items, revision) = await context.store.list(
            target.type, namespace: target.namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
        var deleted: [JSONValue] = []
        for item in items {
            if let result = try? await deleter.delete(target.type, namespace: item.namespace, name: item.name) {
                deleted.append(result)
            }
        }
        let listObject: JSONValue = [
            "kind": .string(target.type.listKind), "apiVersion": .string(target.type.apiVersion),
            "metadata": ["resourceVersion": .string(String(revision))], "items": .array(deleted),
        ]
        return .json(200, listObject)
    }

    /// Validates an update against the stored object and writes it; `status` and the main resource are
    /// kept apart as Kubernetes keeps them.
    private func store(_ input: JSONValue, existing: JSONValue, _ target: Target) async throws -> JSONValue {
        var object = input
        if target.subresource == "status" {
            var merged = existing
            merged["status"] = object["status"]
            merged.resourceVersion = object.resourceVersion
            object = merged
        } else if existing["status"] != nil || object["status"] != nil {
            object["status"] = existing["status"]
        }
        object = try await admission.admitUpdate(target.type, object, existing: existing)
        let stored = try await context.store.update(target.type, object)
        return try await deleter.removeIfFinalized(target.type, stored)
    }

    private func updateScale(_ target: Target, name: String, replicas: JSONValue) async throws -> APIResponse {
        guard let count = replicas.intValue else {
            throw APIStatus.invalid(
                kind: "Scale", group: "autoscaling", name: name,
                causes: [FieldError(field: "spec.replicas", type: .invalid(replicas), detail: "must be an integer")])
        }
        if count < 0 {
            throw APIStatus.invalid(
                kind: "Scale", group: "autoscaling", name: name,
                causes: [
                    FieldError(
                        field: "spec.replicas", type: .invalid(.int(count)),
                        detail: "must be greater than or equal to 0")
                ])
        }
        let updated = try await context.store.mutate(target.type, namespace: target.namespace, name: name) { object in
            object[path: ["spec", "replicas"]] = .int(count)
        }
        return .json(200, scale(of: updated, type: target.type))
    }

    /// The request body as a JSON object (create and update); 400 for anything else.
    private func objectBody(_ request: APIRequest) throws -> JSONValue {
        let value = try body(request)
        guard case .object = value else {
            throw APIStatus.badRequest("the body of the request must be a JSON object, got \(value.typeName)")
        }
        return value
    }

    /// A patch document: a list of operations for a JSON patch, an object for merge and strategic patches.
    private func patchBody(_ request: APIRequest, _ type: PatchType) throws -> JSONValue {
        let value = try body(request)
        switch (type, value) {
        case (.json, .array), (.merge, .object), (.strategic, .object):
            return value
        case (.json, _):
            throw APIStatus.badRequest(
                "the body of a JSON patch must be a list of operations, got \(value.typeName)")
        default:
            throw APIStatus.badRequest(
                "the body of a \(type.rawValue) patch must be a JSON object, got \(value.typeName)")
        }
    }

    private func body(_ request: APIRequest) throws -> JSONValue {
        guard !request.body.isEmpty else { throw APIStatus.badRequest("the request body is empty") }
        if let contentType = request.headers["content-type"], contentType.contains("protobuf") {
            // Only JSON bodies are decoded. kubectl's generator commands (`create deployment`, `create namespace`,
            // …) send protobuf and do not retry with JSON, so say what to do instead.
            throw APIStatus(
                code: 415, reason: "UnsupportedMediaType",
                message: "the OpsLab API server accepts JSON bodies only (got \(contentType)); kubectl's "
                    + "`create <kind>` generators send protobuf: write a manifest and use `kubectl apply -f` instead")
        }
        do {
            return try JSONValue(parsing: request.body)
        } catch {
            throw APIStatus.badRequest("the body of the request could not be decoded: \(error)")
        }
    }

    private func checkNamespace(_ object: JSONValue, _ namespace: String) throws {
        if let declared = object.namespace, !declared.isEmpty, declared != namespace {
            throw APIStatus.badRequest(
                "the namespace of the provided object does not match the namespace sent on the request")
        }
    }

    private func releaseClusterIP(of object: JSONValue, _ type: ResourceType) {
        guard type == .services, let address = object[path: ["spec", "clusterIP"]]?.stringValue,
            !address.isEmpty, address != "None"
        else { return }
        context.releaseIP(address)
    }

    private func checkKind(_ object: JSONValue, _ type: ResourceType) throws {
        if let kind = object["kind"]?.stringValue, !kind.isEmpty, kind != type.kind {
            throw APIStatus.badRequest(
                "the API version in the data (\(object.apiVersion)) does not match the expected API version (\(type.apiVersion))"
                    + " or kind \(kind) does not match \(type.kind)")
        }
        if let apiVersion = object["apiVersion"]?.stringValue, !apiVersion.isEmpty, apiVersion != type.apiVersion {
            throw APIStatus.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version (\(type.apiVersion))"
            )
        }
    }

    /// Applies `fieldValidation`: Strict refuses unknown fields, Warn (the default) reports them in `Warning` headers,
    /// Ignore says nothing. Unknown fields are never stored, as Kubernetes drops what its types do not declare.
    private func unknownFieldWarnings(
        _ object: inout JSONValue, _ type: ResourceType, _ request: APIRequest
    ) throws
        -> [(String, String)]
    {
        let mode = request.query["fieldValidation"] ?? "Warn"
        let unknown = UnknownFieldChecker.unknownFields(object, kind: type.kind)
            .map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }
        guard !unknown.isEmpty else { return [] }
        if mode == "Strict" {
            let list = unknown.map { "unknown field \"\($0)\"" }
            throw APIStatus.badRequest(
                "\(type.kind) in version \"\(type.version)\" cannot be handled as a \(type.kind): "
                    + "strict decoding error: "
                    + list.joined(separator: ", "))
        }
        for field in unknown { object = UnknownFieldPruner.removing(field, from: object) }
        guard mode != "Ignore" else { return [] }
        return unknown.map { ("Warning", "299 - \"unknown field \\\"\($0)\\\"\"") }
    }
}
