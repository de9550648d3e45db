import Foundation
import OpsLabCore
import OpsLabKube

/// The agent's telemetry actions — `get_metrics`, `read_metrics`, `query_metrics`, `get_traces`,
/// `read_traces` — over the cluster's Prometheus and Jaeger APIs, writing files into the session workspace.
///
/// Every method returns the observation text; failures become observations too (the episode goes on).
public struct TelemetryActions: Sendable {
    let client: KubeClient
    let workspace: String
    let now: @Sendable () -> Date

    /// Creates the actions for a session.
    ///
    /// - Parameters:
    ///   - client: the cluster's API client (finds the `observe` Services and the namespace's pods).
    ///   - workspace: the session workspace; files go there and `read_*` paths resolve from there.
    public init(client: KubeClient, workspace: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.workspace = workspace
        self.now = now
    }

    static let noPrometheus =
        "Error: no Prometheus in this cluster (Service prometheus in namespace observe is missing; "
        + "was the cluster started with telemetry off?)"
    static let noJaeger =
        "Error: no Jaeger in this cluster (Service jaeger in namespace observe is missing; "
        + "was the cluster started with telemetry off?)"

    /// `get_metrics(namespace, duration)`.
    public func getMetrics(namespace: String, minutes: Int) async -> String {
        guard let base = await TelemetryEndpoints.discover(client).prometheus else { return Self.noPrometheus }
        guard await namespaceExists(namespace) else { return "Error: namespace \(namespace) does not exist." }
        do {
            return try await MetricsExport(prometheus: PrometheusQueryClient(baseURL: base), client: client)
                .export(namespace: namespace, minutes: minutes, workspace: workspace, now: now())
        } catch {
            return "Failed to export metrics: \(error)"
        }
    }

    /// `query_metrics(promql)`: one line per series, `{labels} value`, sorted; at most 200 lines.
    public func queryMetrics(_ expression: String) async -> String {
        guard let base = await TelemetryEndpoints.discover(client).prometheus else { return Self.noPrometheus }
        do {
            let answer = try await PrometheusQueryClient(baseURL: base).query(expression)
            return Self.describe(answer)
        } catch {
            return "Error: \(error)"
        }
    }

    /// `get_traces(namespace, duration)`: the services are the namespace's Services' names.
    public func getTraces(namespace: String, minutes: Int) async -> String {
        guard let base = await TelemetryEndpoints.discover(client).jaeger else { return Self.noJaeger }
        guard await namespaceExists(namespace) else { return "Error: namespace \(namespace) does not exist." }
        let services = try? await client.list(.services, namespace: namespace)
        let names = Set(
            (services?["items"]?.arrayValue ?? []).compactMap { $0[path: ["metadata", "name"]]?.stringValue })
        do {
            return try await TraceExport(baseURL: base)
                .export(services: names, minutes: minutes, workspace: workspace, now: now())
        } catch {
            return "Failed to export traces: \(error)"
        }
    }

    /// `read_metrics(file_path)`.
    public func readMetrics(_ path: String) -> String { read(path, kind: "Metrics") }

    /// `read_traces(file_path)`.
    public func readTraces(_ path: String) -> String { read(path, kind: "Traces") }

    func read(_ path: String, kind: String) -> String {
        let resolved = WorkspacePath.resolve(path, workspace: workspace)
        guard WorkspacePath.isInside(resolved, workspace: workspace),
            FileManager.default.fileExists(atPath: resolved)
        else { return "error: \(kind) file '\(path)' not found." }
        do {
            let text = try String(contentsOfFile: resolved, encoding: .utf8)
            return DataFrameText.render(try CSVTable.parse(text))
        } catch {
            return "Failed to read \(kind.lowercased()): \(error)"
        }
    }

    func namespaceExists(_ namespace: String) async -> Bool {
        (try? await client.get(.namespaces, namespace: nil, name: namespace)) != nil
    }

    /// A query answer as text lines: `{a="1", b="2"} => 0.5 @ 1700000000.000`.
    static func describe(_ answer: PromQueryResult) -> String {
        if answer.series.isEmpty { return "(empty \(answer.resultType) result: no series match)" }
        var lines = answer.series.map { series -> String in
            let name = series.labels["__name__"] ?? ""
            let labels = series.labels.filter { $0.key != "__name__" }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", ")
            let head = labels.isEmpty && name.isEmpty ? answer.resultType : "\(name){\(labels)}"
            let values = series.samples.map { "\($0.value) @\(String(format: "%.3f", $0.time))" }
            return "\(head) => \(values.joined(separator: ", "))"
        }.sorted()
        if lines.count > 200 {
            let more = lines.count - 200
            lines = Array(lines.prefix(200)) + ["[\(more) more series not shown; narrow the query]"]
        }
        return lines.joined(separator: "\n")
    }
}
