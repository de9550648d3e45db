import OpsLabCore
import OpsLabTelemetry
import Testing

@Suite("Observability services and scrape URLs")
struct ObservabilityServicesTests {
    @Test("Services are ClusterIP without selector, labelled, with the named ports")
    func serviceObjects() {
        let jaeger = ObservabilityServices.service("jaeger", namespace: "observe")
        #expect(jaeger[path: ["spec", "type"]] == "ClusterIP")
        #expect(jaeger[path: ["spec", "selector"]] == nil)
        #expect(jaeger[path: ["metadata", "labels", "app.kubernetes.io/part-of"]] == "opslab")
        #expect(jaeger[path: ["metadata", "labels", "app.kubernetes.io/name"]] == "jaeger")
        let ports = jaeger[path: ["spec", "ports"]]?.arrayValue ?? []
        #expect(ports.map { $0["name"]?.stringValue ?? "" } == ["query", "otlp-http"])
        #expect(ports.map { $0["port"]?.intValue ?? 0 } == [16686, 4318])
        #expect(ObservabilityServices.serviceNames == ["prometheus", "jaeger", "kube-state-metrics"])
    }

    @Test("Endpoints name the serving address with every port of the Service")
    func endpointsObjects() {
        let endpoints = ObservabilityServices.endpoints(
            "prometheus", namespace: "observe", address: "127.9.255.1", node: "opslab-control-plane")
        let subset = endpoints["subsets"]?[0]
        #expect(subset?["addresses"] == [["ip": "127.9.255.1", "nodeName": "opslab-control-plane"]])
        #expect(subset?["ports"] == [["name": "http", "port": 9090, "protocol": "TCP"]])
    }

    @Test("scrape URLs map back to direct or API-server access")
    func accessForURL() {
        #expect(
            DiscoveredTarget.access(forURL: "http://127.9.1.4:9100/metrics?x=1")
                == .direct(scheme: "http", address: "127.9.1.4:9100", path: "/metrics?x=1"))
        #expect(
            DiscoveredTarget.access(forURL: "https://kubernetes.default.svc:443/api/v1/nodes/n/proxy/metrics/cadvisor")
                == .apiServer(path: "/api/v1/nodes/n/proxy/metrics/cadvisor"))
        #expect(DiscoveredTarget.access(forURL: "http://h:1") == .direct(scheme: "http", address: "h:1", path: "/"))
        #expect(DiscoveredTarget.access(forURL: "no-scheme") == nil)
        let node = TargetDiscovery.nodeTargets([["metadata": ["name": "n"]]])[0]
        #expect(DiscoveredTarget.access(forURL: node.url) == node.access)
    }
}
