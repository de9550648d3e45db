import Foundation
import OpsLabCore
import OpsLabKube

extension APIRouter {
    /// The metrics API's resources for discovery: `nodes` (cluster-scoped) and `pods` (namespaced), get and list.
    static let metricsResources: JSONValue = [
        "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "metrics.k8s.io/v1beta1",
        "resources": [
            [
                "name": "nodes", "singularName": "", "namespaced": false, "kind": "NodeMetrics",
                "verbs": ["get", "list"],
            ],
            [
                "name": "pods", "singularName": "", "namespaced": true, "kind": "PodMetrics",
                "verbs": ["get", "list"],
            ],
        ],
    ]

    /// The metrics API group as `/apis` lists it.
    static let metricsGroup: JSONValue = [
        "name": "metrics.k8s.io",
        "versions": [["groupVersion": "metrics.k8s.io/v1beta1", "version": "v1beta1"]],
        "preferredVersion": ["groupVersion": "metrics.k8s.io/v1beta1", "version": "v1beta1"],
    ]

    /// Answers the kubelet metrics proxied through the node (`/api/v1/nodes/{node}/proxy/metrics/cadvisor`,
    /// `…/metrics/resource`) and `metrics.k8s.io/v1beta1`; `nil` for other paths or without metrics.
    func metricsRoute(_ parts: [String], _ request: APIRequest) async throws -> APIResponse? {
        guard let metrics else { return nil }
        if parts.count >= 5, parts[0] == "api", parts[1] == "v1", parts[2] == "nodes", parts[4] == "proxy" {
            return try await nodeProxy(node: parts[3], path: Array(parts[5...]), request, metrics)
        }
        guard parts.count >= 2, parts[0] == "apis", parts[1] == "metrics.k8s.io" else { return nil }
        guard request.method == "GET" else {
            throw APIStatus.methodNotAllowed("the server does not allow this method on the requested resource")
        }
        switch Array(parts.dropFirst(2)) {
        case []:
            var group = Self.metricsGroup
            group["kind"] = "APIGroup"
            group["apiVersion"] = "v1"
            return .json(200, group)
        case ["v1beta1"]:
            return .json(200, Self.metricsResources)
        case ["v1beta1", "nodes"]:
            return try await nodeMetricsList(request, metrics)
        case let rest where rest.count == 3 && rest[1] == "nodes":
            return try await nodeMetrics(name: rest[2], metrics)
        case ["v1beta1", "pods"]:
            return try await podMetricsList(namespace: nil, request, metrics)
        case let rest where rest.count == 4 && rest[1] == "namespaces" && rest[3] == "pods":
            return try await podMetricsList(namespace: rest[2], request, metrics)
        case let rest where rest.count == 5 && rest[1] == "namespaces" && rest[3] == "pods":
            return try await podMetrics(namespace: rest[2], name: rest[4], metrics)
        default:
            throw APIStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
    }

    private func nodeProxy(
        node: String, path: [String], _ request: APIRequest, _ metrics: KubeletMetrics
    ) async throws
        -> APIResponse
    {
        guard request.method == "GET" else {
            throw APIStatus.methodNotAllowed("the server does not allow this method on the requested resource")
        }
        guard await context.store.find(.nodes, namespace: nil, name: node) != nil else {
            throw APIStatus(code: 404, reason: "NotFound", message: "nodes \"\(node)\" not found")
        }
        let (pods, _) = await context.store.list(.pods, namespace: nil, labelSelector: nil, fieldSelector: nil)
        let text: String
        switch path {
        case ["metrics", "cadvisor"]: text = metrics.cadvisor(node: node, pods: pods)
        case ["metrics", "resource"]: text = metrics.resource(node: node, pods: pods)
        default:
            throw APIStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        return .full(status: 200, contentType: PrometheusText.contentType, body: Data(text.utf8), headers: [])
    }

    private func nodeMetricsList(_ request: APIRequest, _ metrics: KubeletMetrics) async throws -> APIResponse {
        let labels = try request.query["labelSelector"].map { try LabelSelector(parsing: $0) }
        let fields = try request.query["fieldSelector"].map { try FieldSelector(parsing: $0) }
        let (nodes, _) = await context.store.list(.nodes, namespace: nil, labelSelector: labels, fieldSelector: fields)
        let (pods, _) = await context.store.list(.pods, namespace: nil, labelSelector: nil, fieldSelector: nil)
        let rates = metrics.stats.rates()
        let now = context.now()
        let items = nodes.map { metrics.nodeMetrics($0, pods: pods, rates: rates, now: now) }
        return .json(200, Self.metricsList("NodeMetricsList", items))
    }

    private func nodeMetrics(name: String, _ metrics: KubeletMetrics) async throws -> APIResponse {
        guard let node = await context.store.find(.nodes, namespace: nil, name: name) else {
            throw Self.metricsNotFound("nodemetrics", name)
        }
        let (pods, _) = await context.store.list(.pods, namespace: nil, labelSelector: nil, fieldSelector: nil)
        return .json(200, metrics.nodeMetrics(node, pods: pods, rates: metrics.stats.rates(), now: context.now()))
    }

    private func podMetricsList(
        namespace: String?, _ request: APIRequest, _ metrics: KubeletMetrics
    ) async throws
        -> APIResponse
    {
        let labels = try request.query["labelSelector"].map { try LabelSelector(parsing: $0) }
        let fields = try request.query["fieldSelector"].map { try FieldSelector(parsing: $0) }
        let (pods, _) = await context.store.list(
            .pods, namespace: namespace, labelSelector: labels, fieldSelector: fields)
        let rates = metrics.stats.rates()
        let now = context.now()
        let items = pods.compactMap { metrics.podMetrics($0, rates: rates, now: now) }
        return .json(200, Self.metricsList("PodMetricsList", items))
    }

    private func podMetrics(namespace: String, name: String, _ metrics: KubeletMetrics) async throws -> APIResponse {
        guard let pod = await context.store.find(.pods, namespace: namespace, name: name),
            let item = metrics.podMetrics(pod, rates: metrics.stats.rates(), now: context.now())
        else { throw Self.metricsNotFound("podmetrics", "\(namespace)/\(name)") }
        return .json(200, item)
    }

    /// metrics-server's NotFound: `podmetrics.metrics.k8s.io "ns/name" not found`.
    private static func metricsNotFound(_ resource: String, _ name: String) -> APIStatus {
        var status = APIStatus(
            code: 404, reason: "NotFound", message: "\(resource).metrics.k8s.io \"\(name)\" not found")
        status.details = ["name": .string(name), "group": "metrics.k8s.io", "kind": .string(resource)]
        return status
    }

    private static func metricsList(_ kind: String, _ items: [JSONValue]) -> JSONValue {
        ["kind": .string(kind), "apiVersion": "metrics.k8s.io/v1beta1", "metadata": [:], "items": .array(items)]
    }
}
