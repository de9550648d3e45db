import Foundation
import Logging
import OpsLabCore
import OpsLabKube

/// The stack's view of the cluster, through its API like any client: waits for it, publishes the stack's
/// Services and Endpoints, and lists the objects discovery and kube-state-metrics read.
public struct ObservabilityCluster: Sendable {
    /// The API client.
    public let client: KubeClient

    /// Creates a view over a client.
    public init(client: KubeClient) {
        self.client = client
    }

    /// Waits until the kubeconfig at `path` exists and its server answers an authenticated request.
    ///
    /// The file is re-read on every attempt (a cluster rewrites it with fresh credentials when it starts).
    /// Throws ``TelemetryStackError`` (`apiUnavailable`) after `timeout`, or `CancellationError`.
    public static func connect(
        kubeconfigPath path: String, timeout: Duration, logger: Logger
    ) async throws -> ObservabilityCluster {
        let deadline = ContinuousClock.now + timeout
        var lastError = "no kubeconfig at \(path)"
        while ContinuousClock.now < deadline {
            try Task.checkCancellation()
            do {
                let kubeconfig = try Kubeconfig.load(path: path)
                let transport = try HTTPSTransport(kubeconfig: kubeconfig, requestTimeout: .seconds(10))
                let client = KubeClient(transport: transport)
                _ = try await client.get(.namespaces, namespace: nil, name: "default")
                return ObservabilityCluster(client: client)
            } catch {
                lastError = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        logger.error("the API server did not answer", metadata: ["kubeconfig": "\(path)", "error": "\(lastError)"])
        throw TelemetryStackError(
            code: .apiUnavailable, message: "the API server of \(path) did not answer within \(timeout): \(lastError)")
    }

    /// Creates the namespace if it does not exist.
    public func ensureNamespace(_ name: String) async throws {
        do {
            _ = try await client.get(.namespaces, namespace: nil, name: name)
        } catch let status as APIStatus where status.code == 404 {
            do {
                _ = try await client.create(.namespaces, namespace: nil, object: ObservabilityServices.namespace(name))
            } catch let status as APIStatus where status.code == 409 {
                // Created concurrently: fine.
            }
        }
    }

    /// Creates the Service if it does not exist and returns its ClusterIP.
    ///
    /// An existing Service is kept as it is (its ClusterIP is what clients already use).
    public func ensureService(_ name: String, namespace: String) async throws -> String {
        var service: JSONValue
        do {
            service = try await client.get(.services, namespace: namespace, name: name)
        } catch let status as APIStatus where status.code == 404 {
            service = try await client.create(
                .services, namespace: namespace, object: ObservabilityServices.service(name, namespace: namespace))
        }
        guard let ip = service[path: ["spec", "clusterIP"]]?.stringValue, !ip.isEmpty, ip != "None" else {
            throw TelemetryStackError(
                code: .apiUnavailable, message: "service \(namespace)/\(name) has no ClusterIP")
        }
        return ip
    }

    /// Creates or replaces the Service's Endpoints so they name `address` as its ready backend.
    public func publishEndpoints(_ name: String, namespace: String, address: String, node: String?) async throws {
        var desired = ObservabilityServices.endpoints(name, namespace: namespace, address: address, node: node)
        do {
            let current = try await client.get(.endpoints, namespace: namespace, name: name)
            if current["subsets"] == desired["subsets"] { return }
            desired["metadata"]?["resourceVersion"] = current[path: ["metadata", "resourceVersion"]]
            _ = try await client.update(.endpoints, namespace: namespace, object: desired)
        } catch let status as APIStatus where status.code == 404 {
            _ = try await client.create(.endpoints, namespace: namespace, object: desired)
        }
    }

    /// The control-plane node's name and InternalIP (the first node when none is labelled control-plane).
    public func controlPlaneAddress() async throws -> (node: String, address: String) {
        let nodes = try await items(.nodes, namespace: nil)
        let node =
            nodes.first { $0.labels["node-role.kubernetes.io/control-plane"] != nil } ?? nodes.first
        guard let node,
            let address = (node[path: ["status", "addresses"]]?.arrayValue ?? []).first(where: {
                $0["type"]?.stringValue == "InternalIP"
            })?["address"]?.stringValue
        else {
            throw TelemetryStackError(code: .apiUnavailable, message: "no node with an InternalIP")
        }
        return (node.name, address)
    }

    /// The `items` of a list call over all namespaces (or one).
    public func items(_ type: ResourceType, namespace: String?) async throws -> [JSONValue] {
        try await client.list(type, namespace: namespace)["items"]?.arrayValue ?? []
    }
}
