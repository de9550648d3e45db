import Foundation
import OpsLabCore
import OpsLabKube

/// `get_metrics`: exports a namespace's metrics from Prometheus into per-metric CSV files, as AIOpsLab's
/// `get_metrics` does, plus the services' request metrics that OpsLab's roles record.
///
/// Layout: `metrics_output/metric_<YYYYmmdd_HHMMSS>/container/kpi_<metric>.csv` for the container (cAdvisor)
/// and kube-state series, and `…/istio/kpi_<metric>.csv` for the request-level series (the folder the
/// original keeps for service-mesh metrics). Columns `timestamp,cmdb_id,kpi_name,value`: unix seconds, `<instance
/// label>.<pod>`, the metric name with its distinguishing labels appended (`.eth0`, `.<route>.<code>`), and the
/// raw value rounded to three places. Queries are raw (no `rate()`), every 15 s, as in the original.
public struct MetricsExport: Sendable {
    /// Container-level metrics: the original's list (those our kubelet measures) plus kube-state series.
    public static let containerMetrics = [
        "container_cpu_usage_seconds_total", "container_cpu_user_seconds_total",
        "container_cpu_system_seconds_total", "container_memory_usage_bytes", "container_memory_working_set_bytes",
        "container_memory_rss", "container_spec_memory_limit_bytes", "container_spec_cpu_quota",
        "container_spec_cpu_period", "container_threads", "container_network_receive_bytes_total",
        "container_network_transmit_bytes_total", "container_network_receive_packets_total",
        "container_network_transmit_packets_total", "kube_pod_container_status_restarts_total",
        "kube_pod_container_status_ready",
    ]
    /// Request-level metrics recorded by the services themselves.
    public static let serviceMetrics = [
        "http_server_requests_total", "http_server_request_duration_seconds_sum",
        "http_server_request_duration_seconds_count", "http_client_requests_total",
        "http_client_errors_total", "db_client_operations_total", "cache_operations_total",
    ]
    /// Labels that identify the series' owner rather than distinguish its KPI.
    static let identityLabels: Set<String> = [
        "__name__", "instance", "job", "namespace", "pod", "container", "node", "app", "uid", "image", "name",
        "id", "service", "cpu",
    ]

    let prometheus: PrometheusQueryClient
    let client: KubeClient

    /// Creates an exporter reading pods through `client` and series from `prometheus`.
    public init(prometheus: PrometheusQueryClient, client: KubeClient) {
        self.prometheus = prometheus
        self.client = client
    }

    /// Writes the files under `workspace` and returns the original's message with the folder tree.
    public func export(namespace: String, minutes: Int, workspace: String, now: Date) async throws -> String {
        let pods = try await currentPods(namespace)
        let stamp = Self.folderStamp(now)
        let root = (workspace as NSString).appendingPathComponent("metrics_output/metric_\(stamp)")
        let start = now.addingTimeInterval(-Double(max(1, minutes)) * 60)
        var written: [String: [String]] = ["container": [], "istio": []]
        for (folder, names) in [("container", Self.containerMetrics), ("istio", Self.serviceMetrics)] {
            let directory = (root as NSString).appendingPathComponent(folder)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for name in names {
                let answer = try await prometheus.queryRange(
                    "\(name){namespace='\(namespace)'}", start: start, end: now, step: 15)
                let table = Self.table(name: name, answer: answer, pods: pods)
                guard !table.rows.isEmpty else { continue }
                let file = "kpi_\(name).csv"
                try table.csvText.write(
                    toFile: (directory as NSString).appendingPathComponent(file), atomically: true, encoding: .utf8)
                written[folder, default: []].append(file)
            }
        }
        var lines = ["Metrics data exported to directory: \(root)", "", "Folder structure of exported metrics:"]
        lines.append("metric_\(stamp)/")
        for folder in ["container", "istio"] {
            lines.append("    \(folder)/")
            for file in written[folder] ?? [] { lines.append("        \(file)") }
        }
        if written.values.allSatisfy(\.isEmpty) {
            lines.append("")
            lines.append("(no samples yet for this namespace's pods in the last \(minutes) minutes)")
        }
        return lines.joined(separator: "\n")
    }

    /// Pods currently in the namespace, without load generators (as the original filters them).
    func currentPods(_ namespace: String) async throws -> Set<String> {
        let list = try await client.list(.pods, namespace: namespace)
        let names = (list["items"]?.arrayValue ?? []).compactMap { $0[path: ["metadata", "name"]]?.stringValue }
        return Set(names.filter { !$0.hasPrefix("loadgenerator-") && !$0.hasPrefix("redis-cart") })
    }

    /// The CSV rows of one metric: only series of current pods, sorted by timestamp.
    static func table(name: String, answer: PromQueryResult, pods: Set<String>) -> CSVTable {
        var rows: [(Double, [String])] = []
        for series in answer.series {
            guard let pod = series.labels["pod"], pods.contains(pod) else { continue }
            let instance = series.labels["instance"] ?? ""
            let cmdb = instance.isEmpty ? pod : "\(instance).\(pod)"
            let kpi = kpiName(name, labels: series.labels)
            for sample in series.samples {
                guard let value = Double(sample.value), value.isFinite else { continue }
                rows.append((sample.time, [String(Int(sample.time)), cmdb, kpi, rounded(value)]))
            }
        }
        rows.sort { $0.0 < $1.0 }
        return CSVTable(header: ["timestamp", "cmdb_id", "kpi_name", "value"], rows: rows.map(\.1))
    }

    /// The metric name plus its distinguishing label values, in label-name order: `…_total.eth0`.
    static func kpiName(_ name: String, labels: [String: String]) -> String {
        let extra = labels.keys.filter { !identityLabels.contains($0) }.sorted().compactMap { labels[$0] }
            .filter { !$0.isEmpty }
        return ([name] + extra).joined(separator: ".")
    }

    static func rounded(_ value: Double) -> String {
        let text = String(format: "%.3f", value)
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed += "0" }
        return trimmed
    }

    static func folderStamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd_HHmmss"
        return formatter.string(from: date)
    }
}
