import Foundation
import OpsLabCore

extension ObservabilityStack {
    /// The handler serving one of the stack's Service ports.
    public func handler(for port: ObservabilityServices.Port) -> TelemetryHTTPServer.Handler {
        switch port {
        case ObservabilityServices.jaegerQuery: return { await self.handleJaeger($0) }
        case ObservabilityServices.jaegerOTLP: return { await self.handleOTLP($0) }
        case ObservabilityServices.kubeStateMetrics: return { await self.handleKubeStateMetrics($0) }
        default: return { await self.handlePrometheus($0) }
        }
    }

    /// Serves the `prometheus` Service: Prometheus's HTTP API plus `GET /api/v1/sd/targets` (HTTP service
    /// discovery of the annotated pods, for a foreign Prometheus's `http_sd_configs`).
    public func handlePrometheus(_ request: TelemetryHTTPRequest) async -> TelemetryHTTPResponse {
        if request.path == "/api/v1/sd/targets" {
            guard request.method == "GET" || request.method == "HEAD" else {
                return TelemetryHTTPResponse(status: 405, text: "method not allowed\n")
            }
            let targets = await runtime.discover().filter { $0.job == TargetDiscovery.podJob }
            return TelemetryHTTPResponse(
                status: 200, contentType: "application/json", text: HTTPServiceDiscovery.body(targets))
        }
        if request.path == "/metrics", request.method == "GET" || request.method == "HEAD" {
            return TelemetryHTTPResponse(
                status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", text: selfMetrics())
        }
        let answer = prometheusAPI.handle(
            method: request.method == "HEAD" ? "GET" : request.method, path: request.path,
            query: request.parameters.multiValued, now: now())
        return TelemetryHTTPResponse(status: answer.status, contentType: answer.contentType, text: answer.body)
    }

    /// Serves the `jaeger` Service's query port (16686): Jaeger's HTTP query API.
    public func handleJaeger(_ request: TelemetryHTTPRequest) async -> TelemetryHTTPResponse {
        let answer = jaegerAPI.handle(
            method: request.method, path: request.path, query: request.parameters.multiValued, now: now())
        return TelemetryHTTPResponse(status: answer.status, contentType: answer.contentType, text: answer.body)
    }

    /// Serves the `jaeger` Service's OTLP/HTTP port (4318): `POST /v1/traces` with OTLP JSON.
    public func handleOTLP(_ request: TelemetryHTTPRequest) async -> TelemetryHTTPResponse {
        let answer = otlpReceiver.handle(
            method: request.method, path: request.path, contentType: request.header("Content-Type"),
            contentEncoding: request.header("Content-Encoding"), body: Data(request.body))
        return TelemetryHTTPResponse(status: answer.status, contentType: answer.contentType, text: answer.body)
    }

    /// Serves the `kube-state-metrics` Service: `/metrics` rendered from the API's pods, deployments and
    /// services at request time; `/healthz`.
    public func handleKubeStateMetrics(_ request: TelemetryHTTPRequest) async -> TelemetryHTTPResponse {
        switch request.path {
        case "/healthz", "/livez", "/readyz":
            return TelemetryHTTPResponse(status: 200, text: "OK")
        case "/metrics":
            do {
                let text = try await runtime.renderKubeStateMetrics()
                return TelemetryHTTPResponse(
                    status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", text: text)
            } catch {
                return TelemetryHTTPResponse(status: 503, text: "cannot read the cluster's state: \(error)\n")
            }
        default:
            return .notFound
        }
    }

    /// The stack's own metrics, under the names Prometheus and Jaeger use for theirs.
    func selfMetrics() -> String {
        let store = metricsStore.statistics
        let traces = traceStore.statistics
        let targets = scrapeManager.targetHealth()
        var lines: [String] = []
        func gauge(_ name: String, _ type: String, _ help: String, _ samples: [(String, Double)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name)\(labels) \(KubeStateMetricsWriter.format(value))") }
        }
        gauge(
            "prometheus_tsdb_head_series", "gauge", "Total number of series in the head block.",
            [("", Double(store.seriesCount))])
        gauge(
            "prometheus_tsdb_head_samples_appended_total", "counter", "Total number of appended samples.",
            [("", Double(store.samplesAppended))])
        gauge("opslab_tsdb_samples", "gauge", "Samples currently held in memory.", [("", Double(store.sampleCount))])
        let byHealth = Dictionary(grouping: targets, by: { $0.health.rawValue }).mapValues { Double($0.count) }
        gauge(
            "opslab_scrape_targets", "gauge", "Scrape targets by health.",
            ["up", "down", "unknown"].map { ("{health=\"\($0)\"}", byHealth[$0] ?? 0) })
        gauge("jaeger_spans_stored", "gauge", "Spans currently held in memory.", [("", Double(traces.spans))])
        gauge("jaeger_traces_stored", "gauge", "Traces currently held in memory.", [("", Double(traces.traces))])
        gauge(
            "jaeger_spans_evicted_total", "counter", "Spans evicted to respect the memory bound.",
            [("", Double(traces.evictedSpans))])
        return lines.joined(separator: "\n") + "\n"
    }
}
