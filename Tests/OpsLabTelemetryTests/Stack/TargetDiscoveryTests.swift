import OpsLabCore
import OpsLabTelemetry
import Testing

@Suite("Target discovery")
struct TargetDiscoveryTests {
    static func pod(
        _ name: String, namespace: String = "shop", phase: String = "Running", ip: String? = "127.9.1.4",
        annotations: [String: JSONValue] = ["prometheus.io/scrape": "true", "prometheus.io/port": "9100"],
        labels: [String: JSONValue] = ["io.kompose.service": "geo", "app": "other"],
        containers: [JSONValue] = [
            ["name": "sidecar", "ports": [["containerPort": 15000]]],
            ["name": "geo", "ports": [["containerPort": 8083], ["containerPort": 9100]]],
        ], deleting: Bool = false
    ) -> JSONValue {
        var metadata: JSONValue = [
            "name": .string(name), "namespace": .string(namespace), "annotations": .object(annotations),
            "labels": .object(labels),
        ]
        if deleting { metadata["deletionTimestamp"] = "2026-01-01T00:00:00Z" }
        var status: JSONValue = ["phase": .string(phase)]
        if let ip { status["podIP"] = .string(ip) }
        return [
            "metadata": metadata, "spec": ["nodeName": "opslab-worker", "containers": .array(containers)],
            "status": status,
        ]
    }

    @Test("an annotated running pod becomes a target with Kubernetes SD labels")
    func annotatedPod() throws {
        let targets = TargetDiscovery.podTargets([Self.pod("geo-1")])
        let target = try #require(targets.first)
        #expect(targets.count == 1)
        #expect(target.url == "http://127.9.1.4:9100/metrics")
        #expect(
            target.labels == [
                "job": "kubernetes-pods", "instance": "127.9.1.4:9100", "namespace": "shop", "pod": "geo-1",
                "container": "geo", "node": "opslab-worker", "app": "geo",
            ])
    }

    @Test("pods that are not annotated, not running, without IP or being deleted are skipped")
    func skippedPods() {
        let pods = [
            Self.pod("plain", annotations: [:]),
            Self.pod("off", annotations: ["prometheus.io/scrape": "false", "prometheus.io/port": "9100"]),
            Self.pod("pending", phase: "Pending"),
            Self.pod("no-ip", ip: nil),
            Self.pod("deleting", deleting: true),
            Self.pod("bad-port", annotations: ["prometheus.io/scrape": "true", "prometheus.io/port": "http"]),
        ]
        #expect(TargetDiscovery.podTargets(pods).isEmpty)
    }

    @Test("without a port annotation every declared port is a target; path and app fall back")
    func declaredPortsAndPath() {
        let pod = Self.pod(
            "web-1", annotations: ["prometheus.io/scrape": "true", "prometheus.io/path": "stats"],
            labels: ["app": "web"])
        let targets = TargetDiscovery.podTargets([pod])
        #expect(
            targets.map(\.url) == [
                "http://127.9.1.4:15000/stats", "http://127.9.1.4:8083/stats", "http://127.9.1.4:9100/stats",
            ])
        #expect(targets.map { $0.labels["container"] } == ["sidecar", "geo", "geo"])
        #expect(targets.allSatisfy { $0.labels["app"] == "web" })
    }

    @Test("an undeclared port gets the only container's name, or no container label")
    func undeclaredPort() {
        let single = Self.pod("one", labels: [:], containers: [["name": "main"]])
        let two = Self.pod("two", labels: [:], containers: [["name": "a"], ["name": "b"]])
        let targets = TargetDiscovery.podTargets([two, single])
        #expect(targets.map(\.labels["pod"]) == ["one", "two"])
        #expect(targets[0].labels["container"] == "main")
        #expect(targets[1].labels["container"] == nil)
        #expect(targets[0].labels["app"] == nil)
    }

    @Test("nodes are scraped for cAdvisor through the API server; kube-state-metrics directly")
    func nodeAndStateTargets() {
        let nodes: [JSONValue] = [
            ["metadata": ["name": "opslab-worker"]], ["metadata": ["name": "opslab-control-plane"]],
        ]
        let targets = TargetDiscovery.nodeTargets(nodes)
        #expect(targets.map(\.labels["node"]) == ["opslab-control-plane", "opslab-worker"])
        #expect(targets[1].access == .apiServer(path: "/api/v1/nodes/opslab-worker/proxy/metrics/cadvisor"))
        #expect(targets[1].labels["job"] == "kubelet-cadvisor")
        let state = TargetDiscovery.kubeStateMetricsTarget(address: "127.9.0.14:8080")
        #expect(state.url == "http://127.9.0.14:8080/metrics")
        #expect(state.labels == ["job": "kube-state-metrics", "instance": "127.9.0.14:8080"])
    }

    @Test("HTTP SD lists pod targets in Prometheus's http_sd format")
    func httpServiceDiscovery() throws {
        let targets =
            TargetDiscovery.podTargets([Self.pod("geo-1")]) + TargetDiscovery.nodeTargets([["metadata": ["name": "n"]]])
        let json = try JSONValue(parsing: HTTPServiceDiscovery.body(targets))
        let expected: JSONValue = [
            [
                "targets": ["127.9.1.4:9100"],
                "labels": [
                    "__metrics_path__": "/metrics", "namespace": "shop", "pod": "geo-1", "container": "geo",
                    "node": "opslab-worker", "app": "geo",
                ],
            ]
        ]
        #expect(json == expected)
    }
}
