/// Where the stack's APIs are reachable once it is ready: each Service's ClusterIP URL, and where it serves.
public struct ObservabilityEndpoints: Sendable, Hashable {
    /// The ClusterIP of each Service, by name (`prometheus`, `jaeger`, `kube-state-metrics`).
    public var clusterIPs: [String: String]
    /// The address the servers listen on (the Services' one endpoint).
    public var servingAddress: String

    /// The node the serving address belongs to, when known.
    public var servingNode: String?

    /// Creates the endpoints.
    public init(clusterIPs: [String: String], servingAddress: String, servingNode: String? = nil) {
        self.clusterIPs = clusterIPs
        self.servingAddress = servingAddress
        self.servingNode = servingNode
    }

    /// The URL of a Service port through its ClusterIP, e.g. `http://127.23.0.12:9090`; `nil` if unknown.
    public func url(_ port: ObservabilityServices.Port) -> String? {
        clusterIPs[port.service].map { "http://\($0):\(port.port)" }
    }

    /// Prometheus's API base URL (`http://<ClusterIP>:9090`).
    public var prometheusURL: String? { url(ObservabilityServices.prometheus) }
    /// Jaeger's query API base URL (`http://<ClusterIP>:16686`).
    public var jaegerURL: String? { url(ObservabilityServices.jaegerQuery) }
    /// The OTLP/HTTP traces URL (`http://<ClusterIP>:4318/v1/traces`).
    public var otlpTracesURL: String? { url(ObservabilityServices.jaegerOTLP).map { $0 + "/v1/traces" } }
    /// kube-state-metrics' URL (`http://<ClusterIP>:8080/metrics`).
    public var kubeStateMetricsURL: String? { url(ObservabilityServices.kubeStateMetrics).map { $0 + "/metrics" } }
}
