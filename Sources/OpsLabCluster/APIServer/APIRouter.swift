import Foundation
import Logging
import OpsLabCore
import OpsLabKube

/// Answers Kubernetes REST requests against the cluster's object store: discovery, OpenAPI, CRUD,
/// patch, watch, subresources and server-side printing.
public struct APIRouter: Sendable {
    /// Reads container logs for `pods/log`.
    public typealias LogReader = @Sendable (LogQuery) async throws -> String

    /// A `pods/log` request.
    public struct LogQuery: Sendable {
        public var namespace: String
        public var pod: JSONValue
        public var container: String?
        public var previous: Bool
        public var tailLines: Int?
        public var sinceSeconds: Int?
        public var timestamps: Bool
    }

    let context: ClusterContext
    let token: String
    let registry: ResourceRegistry
    let deleter: ObjectDeleter
    let admission: Admission
    let logReader: LogReader
    let logger: Logger

    /// Creates a router.
    ///
    /// - Parameters:
    ///   - token: the bearer token every request must carry.
    ///   - logReader: serves `pods/{name}/log`.
    public init(context: ClusterContext, token: String, logReader: @escaping LogReader) {
        self.context = context
        self.token = token
        self.registry = ResourceRegistry()
        self.deleter = ObjectDeleter(
            store: context.store, now: context.now,
            defaultGracePeriodSeconds: context.configuration.defaultGracePeriodSeconds)
        self.admission = Admission(context: context)
        self.logReader = logReader
        self.logger = context.logger
    }

    /// Handles one request; never throws — every failure becomes a Status response.
    public func handle(_ request: APIRequest) async -> APIResponse {
        guard request.headers["authorization"] == "Bearer \(token)" else {
            return .json(401, APIStatus.unauthorized.json)
        }
        do {
            return try await route(request)
        } catch let status as APIStatus {
            return .json(status.code, status.json)
        } catch let error as JSONError {
            return .json(400, APIStatus.badRequest(error.message).json)
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.path)", "error": "\(error)"])
            return .json(500, APIStatus.internalError("\(error)").json)
        }
    }

    private func route(_ request: APIRequest) async throws -> APIResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if let response = try discovery(parts, request) { return response }
        let group: String
        let version: String
        let rest: [String]
        if parts.count >= 3, parts[0] == "api" {
            (group, version, rest) = ("", parts[1], Array(parts[2...]))
        } else if parts.count >= 4, parts[0] == "apis" {
            (group, version, rest) = (parts[1], parts[2], Array(parts[3...]))
        } else {
            throw APIStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        var namespace: String?
        var resourceParts = rest
        if rest.count >= 3, rest[0] == "namespaces", registry.type(group: group, version: version, plural: rest[2]) != nil
        {
            namespace = rest[1]
            resourceParts = Array(rest[2...])
        }
        guard let type = registry.type(group: group, version: version, plural: resourceParts[0]) else {
            throw APIStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        if type.namespaced == false { namespace = nil }
        let name = resourceParts.count > 1 ? resourceParts[1] : nil
        let subresource = resourceParts.count > 2 ? resourceParts[2] : nil
        if resourceParts.count > 3 {
            throw APIStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        if let subresource, !type.subresources.contains(subresource) {
            throw APIStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        let target = Target(type: type, namespace: namespace, name: name, subresource: subresource)
        switch (request.method, name) {
        case ("GET", nil):
            if ["true", "1"].contains(request.query["watch"] ?? "") { return try await watch(target, request) }
            return try await list(target, request)
        case ("GET", .some):
            return try await get(target, request)
        case ("POST", nil):
            return try await create(target, request)
        case ("PUT", .some):
            return try await replace(target, request)
        case ("PATCH", .some):
            return try await patch(target, request)
        case ("DELETE", .some):
            return try await delete(target, request)
        case ("DELETE", nil):
            return try await deleteCollection(target, request)
        case ("POST", .some) where subresource == "exec", ("GET", .some) where subresource == "exec":
            throw APIStatus.badRequest("exec is not supported by this OpsLab version yet")
        default:
            throw APIStatus.methodNotAllowed("the server does not allow this method on the requested resource")
        }
    }

    /// The object or collection a request addresses.
    struct Target {
        var type: ResourceType
        var namespace: String?
        var name: String?
        var subresource: String?
    }
}
