import Foundation
import OpsLabCore

/// A typed client over a ``KubeTransport``: CRUD, patch, list and watch on JSON objects.
///
/// Failed calls throw ``APIStatus`` (decoded from the server's Status body) so callers can print
/// them the way kubectl does.
public struct KubeClient: Sendable {
    /// The transport requests go through.
    public var transport: any KubeTransport

    /// The media type kubectl asks for when it wants server-side printing.
    public static let tableAccept =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

    /// Creates a client.
    public init(transport: any KubeTransport) {
        self.transport = transport
    }

    /// Sends a request and decodes a JSON body, throwing the server's Status on failure.
    public func request(
        _ method: String, _ path: String, body: JSONValue? = nil, contentType: String = "application/json",
        accept: String = "application/json"
    ) async throws -> JSONValue {
        var headers = [("Accept", accept)]
        if body != nil { headers.append(("Content-Type", contentType)) }
        let response = try await transport.send(
            KubeRequest(method: method, path: path, headers: headers, body: body?.jsonData())
        )
        return try Self.decode(response)
    }

    /// Sends a request whose answer is plain text (e.g. pod logs).
    public func text(_ path: String) async throws -> String {
        let response = try await transport.send(KubeRequest(method: "GET", path: path, headers: [("Accept", "*/*")]))
        if response.status >= 400 { _ = try Self.decode(response) }
        return String(decoding: response.body, as: UTF8.self)
    }

    /// GET one object.
    public func get(
        _ type: ResourceType, namespace: String?, name: String, accept: String = "application/json"
    )
        async throws -> JSONValue
    {
        try await request("GET", type.objectPath(namespace: namespace, name: name), accept: accept)
    }

    /// LIST a collection with optional selectors.
    public func list(
        _ type: ResourceType, namespace: String?, labelSelector: String? = nil, fieldSelector: String? = nil,
        accept: String = "application/json"
    ) async throws -> JSONValue {
        var query = ["limit=500"]
        if let labelSelector { query.append("labelSelector=\(Self.escape(labelSelector))") }
        if let fieldSelector { query.append("fieldSelector=\(Self.escape(fieldSelector))") }
        return try await request(
            "GET", type.collectionPath(namespace: namespace) + "?" + query.joined(separator: "&"), accept: accept
        )
    }

    /// POST a new object.
    public func create(
        _ type: ResourceType, namespace: String?, object: JSONValue, query: String = ""
    )
        async throws -> JSONValue
    {
        try await request("POST", type.collectionPath(namespace: namespace) + query, body: object)
    }

    /// PUT a whole object.
    public func update(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        try await request("PUT", type.objectPath(namespace: namespace, name: object.name), body: object)
    }

    /// PATCH an object (or a subresource) with the given patch media type.
    public func patch(
        _ type: ResourceType, namespace: String?, name: String, patch: JSONValue, patchType: PatchType,
        subresource: String? = nil
    ) async throws -> JSONValue {
        try await request(
            "PATCH", type.objectPath(namespace: namespace, name: name, subresource: subresource), body: patch,
            contentType: patchType.mediaType
        )
    }

    /// DELETE an object; returns the object (or Status) the server answered with.
    public func delete(_ type: ResourceType, namespace: String?, name: String) async throws -> JSONValue {
        try await request("DELETE", type.objectPath(namespace: namespace, name: name))
    }

    /// Decodes a response, turning error statuses into ``APIStatus``.
    public static func decode(_ response: KubeResponse) throws -> JSONValue {
        let json = try? JSONValue(parsing: response.body)
        if response.status >= 400 {
            if let json, let status = APIStatus(json: json) { throw status }
            let text = String(decoding: response.body, as: UTF8.self)
            throw APIStatus(code: response.status, reason: "", message: text.isEmpty ? "unknown" : text)
        }
        guard let json else {
            throw APIStatus(code: response.status, reason: "", message: "the server returned a body that is not JSON")
        }
        return json
    }

    /// Percent-escapes a query value.
    public static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

/// The patch formats the API accepts.
public enum PatchType: String, Sendable, CaseIterable {
    case json
    case merge
    case strategic

    /// The Content-Type of the patch.
    public var mediaType: String {
        switch self {
        case .json: return "application/json-patch+json"
        case .merge: return "application/merge-patch+json"
        case .strategic: return "application/strategic-merge-patch+json"
        }
    }

    /// The patch type of a Content-Type, or `nil`.
    public init?(mediaType: String) {
        let base = mediaType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard let match = PatchType.allCases.first(where: { $0.mediaType == base }) else { return nil }
        self = match
    }
}
