import OpsLabCore

/// The Services the stack publishes in its namespace, and the Kubernetes objects that describe them.
public enum ObservabilityServices {
    /// One Service port the stack serves.
    public struct Port: Sendable, Hashable {
        /// The Service's name.
        public var service: String
        /// The port's name.
        public var name: String
        /// The port number (on the ClusterIP and on the serving address alike).
        public var port: Int

        /// Creates a port.
        public init(service: String, name: String, port: Int) {
            self.service = service
            self.name = name
            self.port = port
        }
    }

    /// `prometheus`: Prometheus's HTTP API and HTTP service discovery.
    public static let prometheus = Port(service: "prometheus", name: "http", port: 9090)
    /// `jaeger` port 16686: Jaeger's query API.
    public static let jaegerQuery = Port(service: "jaeger", name: "query", port: 16686)
    /// `jaeger` port 4318: the OTLP/HTTP receiver (`POST /v1/traces`).
    public static let jaegerOTLP = Port(service: "jaeger", name: "otlp-http", port: 4318)
    /// `kube-state-metrics`: the cluster's object state as metrics.
    public static let kubeStateMetrics = Port(service: "kube-state-metrics", name: "http-metrics", port: 8080)

    /// Every port, in the order the servers are started.
    public static let all = [prometheus, jaegerQuery, jaegerOTLP, kubeStateMetrics]

    /// The Service names, without duplicates, in order.
    public static var serviceNames: [String] {
        var seen: Set<String> = []
        return all.map(\.service).filter { seen.insert($0).inserted }
    }

    /// The labels of every object the stack creates.
    public static func labels(_ service: String) -> JSONValue {
        ["app.kubernetes.io/name": .string(service), "app.kubernetes.io/part-of": "opslab"]
    }

    /// The Service object: ClusterIP, no selector (the control plane serves it; the stack writes its Endpoints).
    public static func service(_ name: String, namespace: String) -> JSONValue {
        let ports: [JSONValue] = all.filter { $0.service == name }.map { port in
            [
                "name": .string(port.name), "port": .int(Int64(port.port)), "targetPort": .int(Int64(port.port)),
                "protocol": "TCP",
            ]
        }
        return [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels(name)],
            "spec": ["type": "ClusterIP", "ports": .array(ports)],
        ]
    }

    /// The Endpoints object naming `address` (on `node`, when known) as the one ready backend of every port.
    public static func endpoints(_ name: String, namespace: String, address: String, node: String?) -> JSONValue {
        var target: JSONValue = ["ip": .string(address)]
        if let node { target["nodeName"] = .string(node) }
        let ports: [JSONValue] = all.filter { $0.service == name }.map { port in
            ["name": .string(port.name), "port": .int(Int64(port.port)), "protocol": "TCP"]
        }
        return [
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels(name)],
            "subsets": [["addresses": [target], "ports": .array(ports)]],
        ]
    }

    /// The Namespace object.
    public static func namespace(_ name: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": [
                "name": .string(name),
                "labels": ["kubernetes.io/metadata.name": .string(name), "app.kubernetes.io/part-of": "opslab"],
            ],
        ]
    }
}
