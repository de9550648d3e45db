import Foundation
import OpsLabKube

/// Where a fault acts: the cluster's API client, the app's namespace and a kubectl bound to both.
public struct FaultEnvironment: Sendable {
    /// The cluster's API client.
    public var client: KubeClient
    /// The namespace of the application under test, e.g. `test-hotel-reservation`.
    public var namespace: String
    /// The built-in kubectl (used for `exec` into pods).
    public var kubectl: Kubectl

    /// Creates an environment; `kubectl` defaults to one over `client` with `namespace` as its default.
    public init(client: KubeClient, namespace: String, kubectl: Kubectl? = nil) {
        self.client = client
        self.namespace = namespace
        self.kubectl = kubectl ?? Kubectl(client: client, defaultNamespace: namespace)
    }
}
