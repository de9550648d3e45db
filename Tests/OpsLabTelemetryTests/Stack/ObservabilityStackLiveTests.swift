import Foundation
import OpsLabCore
import OpsLabKube
import OpsLabTelemetry
import Testing

@Suite("Observability stack (live)", .serialized)
struct ObservabilityStackLiveTests {
    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: echo
        spec:
          replicas: 2
          selector:
            matchLabels: {app: echo}
          template:
            metadata:
              labels: {app: echo}
              annotations:
                prometheus.io/scrape: "true"
                prometheus.io/port: "8080"
            spec:
              containers:
              - name: echo
                image: opslab/echo:1.0
                ports:
                - containerPort: 8080
        """

    /// The `result` array of a Prometheus query answer.
    static func result(_ body: String) throws -> [JSONValue] {
        let json = try JSONValue(parsing: body)
        guard json["status"]?.stringValue == "success" else { throw StackTestError("query failed: \(body)") }
        return json[path: ["data", "result"]]?.arrayValue ?? []
    }

    @Test("Services in observe, Prometheus's API answering `up` for kube-state-metrics and pods, SD and traces")
    func stackServesTheCluster() async throws {
        let cluster = try await StackLiveCluster.start()
        do {
            try await walkThrough(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    func walkThrough(_ cluster: StackLiveCluster) async throws {
        let services = await cluster.run("get", "svc", "-n", "observe")
        #expect(services.exitCode == 0)
        for name in ["prometheus", "jaeger", "kube-state-metrics"] {
            let ip = try #require(cluster.endpoints.clusterIPs[name])
            #expect(services.stdout.contains(name) && services.stdout.contains(ip), "\(services.stdout)")
        }
        #expect(services.stdout.contains("9090/TCP"))
        #expect(services.stdout.contains("16686/TCP,4318/TCP"))
        let describe = await cluster.run("describe", "svc", "prometheus", "-n", "observe")
        #expect(describe.stdout.contains("\(cluster.endpoints.servingAddress):9090"), "\(describe.stdout)")

        let applied = await cluster.run("apply", "-f", "-", stdin: Self.manifest)
        #expect(applied.exitCode == 0, "\(applied.stderr)")
        let prometheus = try #require(cluster.endpoints.prometheusURL)

        // kube-state-metrics is scraped (up 1) and its series are queryable.
        try await cluster.eventually(30, "up{job=\"kube-state-metrics\"} == 1 and a pod target's up") {
            let answer = try await StackLiveCluster.http("GET", prometheus + "/api/v1/query?query=up")
            let series = try Self.result(answer.body)
            let state = series.first { $0[path: ["metric", "job"]]?.stringValue == "kube-state-metrics" }
            let pods = series.filter {
                $0[path: ["metric", "job"]]?.stringValue == "kubernetes-pods"
                    && $0[path: ["metric", "app"]]?.stringValue == "echo"
            }
            return state?[path: ["value"]]?[1]?.stringValue == "1" && pods.count == 2
        }
        let answer = try await StackLiveCluster.http("GET", prometheus + "/api/v1/query?query=up")
        let pod = try #require(
            try Self.result(answer.body).first { $0[path: ["metric", "job"]]?.stringValue == "kubernetes-pods" })
        #expect(pod[path: ["metric", "namespace"]]?.stringValue == "default")
        #expect(pod[path: ["metric", "container"]]?.stringValue == "echo")
        #expect(pod[path: ["metric", "node"]]?.stringValue == "opslab-worker")
        #expect(pod[path: ["metric", "pod"]]?.stringValue?.hasPrefix("echo-") == true)

        // A form-encoded POST, as Grafana sends, over kube-state-metrics' series.
        try await cluster.eventually(15, "kube_deployment_spec_replicas for echo") {
            let posted = try await StackLiveCluster.http(
                "POST", prometheus + "/api/v1/query",
                body: "query=kube_deployment_spec_replicas%7Bdeployment%3D%22echo%22%7D",
                contentType: "application/x-www-form-urlencoded")
            return try Self.result(posted.body).first?[path: ["value"]]?[1]?.stringValue == "2"
        }

        // HTTP service discovery lists both echo pods.
        let sd = try await StackLiveCluster.http("GET", prometheus + "/api/v1/sd/targets")
        let groups = try JSONValue(parsing: sd.body).arrayValue ?? []
        #expect(groups.filter { $0[path: ["labels", "app"]]?.stringValue == "echo" }.count == 2, "\(sd.body)")

        // A span posted to the OTLP port is listed by Jaeger's API.
        let otlp = try #require(cluster.endpoints.otlpTracesURL)
        let span = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"probe"}}]},
            "scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331",
            "name":"GET /","kind":2,"startTimeUnixNano":"\(UInt64(Date().timeIntervalSince1970 * 1e9))",
            "endTimeUnixNano":"\(UInt64(Date().timeIntervalSince1970 * 1e9) + 1_000_000)"}]}]}]}
            """
        let posted = try await StackLiveCluster.http("POST", otlp, body: span, contentType: "application/json")
        #expect(posted.status == 200, "\(posted.body)")
        let jaeger = try #require(cluster.endpoints.jaegerURL)
        let servicesAnswer = try await StackLiveCluster.http("GET", jaeger + "/api/services")
        #expect(servicesAnswer.body.contains("\"probe\""), "\(servicesAnswer.body)")
        #expect(cluster.stack.traceStore.services().contains("probe"))

        // The stack scrapes itself, and puts back Endpoints someone deleted.
        try await cluster.eventually(10, "the stack's own series, job prometheus") {
            let own = try await StackLiveCluster.http(
                "GET", prometheus + "/api/v1/query?query=prometheus_tsdb_head_series")
            return try Self.result(own.body).first?[path: ["metric", "job"]]?.stringValue == "prometheus"
        }
        let deleted = await cluster.run("delete", "endpoints", "prometheus", "-n", "observe")
        #expect(deleted.exitCode == 0, "\(deleted.stderr)")
        try await cluster.eventually(10, "the prometheus Endpoints put back") {
            let endpoints = try await cluster.client.get(.endpoints, namespace: "observe", name: "prometheus")
            return endpoints["subsets"]?.arrayValue?.isEmpty == false
        }
        try await cluster.eventually(10, "prometheus answering again through its ClusterIP") {
            try await StackLiveCluster.http("GET", prometheus + "/-/ready").status == 200
        }
    }
}
