import Foundation

extension ActionSignature {
    /// `get_metrics(namespace: str, duration: int = 5) -> str`: exports per-metric CSV files.
    public static func getMetrics(namespace: String = "test-hotel-reservation") -> ActionSignature {
        ActionSignature(
            name: "get_metrics",
            parameters: [
                ActionParameter("namespace", .string, summary: "The namespace whose pods' metrics to export."),
                ActionParameter(
                    "duration", .integer, default: 5, summary: "How many minutes back from now to export."),
            ],
            summary: """
                Export the namespace's metrics (container CPU, memory, threads and network, restarts, and the \
                services' request rates, errors and latencies) from Prometheus into one CSV file per metric, \
                sampled every 15 s. Columns: timestamp, cmdb_id, kpi_name, value.
                """,
            returns: "The directory the files were written to and its folder structure.",
            example: "get_metrics(\"\(namespace)\", 5)")
    }

    /// `read_metrics(file_path: str) -> str`.
    public static var readMetrics: ActionSignature {
        ActionSignature(
            name: "read_metrics",
            parameters: [ActionParameter("file_path", .string, summary: "A CSV file written by get_metrics.")],
            summary: "Read a metrics CSV file written by get_metrics.",
            returns: "The file's rows as a text table.",
            example: "read_metrics(\"metrics_output/metric_20260101_120000/container/kpi_container_threads.csv\")")
    }

    /// `query_metrics(promql: str) -> str`: an instant PromQL query (OpsLab's addition).
    public static var queryMetrics: ActionSignature {
        ActionSignature(
            name: "query_metrics",
            parameters: [ActionParameter("promql", .string, summary: "A PromQL expression, evaluated now.")],
            summary: """
                Evaluate a PromQL query against the cluster's Prometheus at the current time. Useful series: \
                container_cpu_usage_seconds_total, container_memory_working_set_bytes, \
                kube_pod_container_status_restarts_total, http_server_requests_total{code=~"5.."}, \
                http_server_request_duration_seconds_bucket, http_client_requests_total (calls per peer_service).
                """,
            returns: "One line per result series (labels and value), or Prometheus's error message.",
            example: "query_metrics(\"sum by (pod) (rate(http_server_requests_total{code=~\\\"5..\\\"}[1m]))\")")
    }

    /// `get_traces(namespace: str, duration: int = 5) -> str`: exports the spans to a CSV file.
    public static func getTraces(namespace: String = "test-hotel-reservation") -> ActionSignature {
        ActionSignature(
            name: "get_traces",
            parameters: [
                ActionParameter("namespace", .string, summary: "The namespace whose services' traces to export."),
                ActionParameter(
                    "duration", .integer, default: 5, summary: "How many minutes back from now to export."),
            ],
            summary: """
                Export the traces recorded by the namespace's services from Jaeger into a CSV file. Columns: \
                trace_id, span_id, parent_span, service_name, operation_name, start_time, duration, has_error, \
                response.
                """,
            returns: "The path of the CSV file.",
            example: "get_traces(\"\(namespace)\", 5)")
    }

    /// `read_traces(file_path: str) -> str`.
    public static var readTraces: ActionSignature {
        ActionSignature(
            name: "read_traces",
            parameters: [ActionParameter("file_path", .string, summary: "A CSV file written by get_traces.")],
            summary: "Read a traces CSV file written by get_traces.",
            returns: "The file's rows as a text table.",
            example: "read_traces(\"trace_output/traces_1767268800.csv\")")
    }

    /// The telemetry actions, in the order the docs list them.
    public static func telemetry(namespace: String = "test-hotel-reservation") -> [ActionSignature] {
        [.getMetrics(namespace: namespace), .readMetrics, .queryMetrics, .getTraces(namespace: namespace), .readTraces]
    }
}
