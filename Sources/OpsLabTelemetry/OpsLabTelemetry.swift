/// OpsLab's telemetry: Prometheus exposition, scraping, a bounded time-series store and PromQL; trace
/// propagation, collection and the Jaeger query API.
///
/// The module depends only on Core and Kube: it reads the cluster through its API like any client.
public enum OpsLabTelemetry {
    /// The module's version string, reported in build info.
    public static let version = "0.2.0"
}
