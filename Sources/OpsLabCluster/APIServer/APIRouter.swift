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
    /// The kubelet's resource metrics (node proxy `metrics/cadvisor`, `metrics.k8s.io`); `nil` serves neither.
    let metrics: KubeletMetrics?
    let watches = WatchTracker()

    /// How many watch streams are open now (they close when the client goes away or the watch times out).
    public var activeWatches: Int { watches.active }

    /// Creates a router.
    ///
    /// - Parameters:
    ///   - token: the bearer token every request must carry.
    ///   - metrics: serves `nodes/{node}/proxy/metrics/…` and the `metrics.k8s.io` API, when given.
    ///   - logReader: serves `pods/{name}/log`.
    public init(
        context: ClusterContext, token: String, metrics: KubeletMetrics? = nil, logReader: @escaping LogReader
    ) {
        self.metrics = metrics
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
        } catch let error as SelectorError {
            return .json(error.status.code, error.status.json)
        } catch let error as PatchError {
            return .json(error.status.code, error.status.json)
        } catch let error as JSONError {
            return .json(400, APIStatus.badRequest(error.message).json)
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.path)", "error": "\(error)"])
            return .json(500, APIStatus.internalError("\(error)").json)
        }
    }

    private func route(_ request: APIRequest) async throws -> APIResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if let response = try await metricsRoute(parts, request) { return response }
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
        let target = try resolve(group: group, version: version, rest)
        return try await dispatch(target, request)
    }

    /// Finds the type, namespace, name and subresource a resource path addresses; 404 for anything the API does
    /// not serve (a namespaced kind by name without a namespace, a cluster-scoped kind inside a namespace).
    private func resolve(group: String, version: String, _ rest: [String]) throws -> Target {
        let notFound = APIStatus(
            code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        var namespace: String?
        var resourceParts = rest
        if rest.count >= 3, rest[0] == "namespaces",
            registry.type(group: group, version: version, plural: rest[2]) != nil
        {
            namespace = rest[1]
            resourceParts = Array(rest[2...])
        }
        guard let type = registry.type(group: group, version: version, plural: resourceParts[0]),
            resourceParts.count <= 3
        else { throw notFound }
        let name = resourceParts.count > 1 ? resourceParts[1] : nil
        let subresource = resourceParts.count > 2 ? resourceParts[2] : nil
        if namespace != nil, !type.namespaced { throw notFound }
        if namespace == nil, type.namespaced, name != nil { throw notFound }
        if name?.isEmpty == true || namespace?.isEmpty == true { throw notFound }
        if let subresource, !type.subresources.contains(subresource) { throw notFound }
        return Target(type: type, namespace: namespace, name: name, subresource: subresource)
    }

    private func dispatch(_ target: Target, _ request: APIRequest) async throws -> APIResponse {
        let watching = ["true", "1"].contains(request.query["watch"] ?? "")
        switch (request.method, target.name, target.subresource) {
        case ("GET", nil, _):
            return watching ? try await watch(target, request) : try await list(target, request)
        case ("GET", .some(let name), nil) where watching:
            // The old single-object watch: a watch of the collection narrowed to the name.
            return try await watch(target, request, name: name)
        case ("GET", .some, nil), ("GET", .some, "status"), ("GET", .some, "scale"), ("GET", .some, "log"):
            return try await get(target, request)
        case ("POST", nil, _):
            return try await create(target, request)
        case ("PUT", .some, nil), ("PUT", .some, "status"), ("PUT", .some, "scale"):
            return try await replace(target, request)
        case ("PATCH", .some, nil), ("PATCH", .some, "status"), ("PATCH", .some, "scale"):
            return try await patch(target, request)
        case ("DELETE", .some, nil):
            return try await delete(target, request)
        case ("DELETE", nil, _):
            return try await deleteCollection(target, request)
        case ("POST", .some, "exec"), ("GET", .some, "exec"):
            return try await exec(target, request)
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
