import ArgumentParser

/// Which telemetry a configuration of `opslab bench telemetry` runs.
///
/// `on` and `off` are the comparison the benchmark is for; `scrape-only` and `trace-only` split the cost when
/// profiling. In every mode the roles still record their Prometheus metrics in-process (that code is always on);
/// what differs is whether anything scrapes them and whether spans are exported.
enum TelemetryBenchMode: String, CaseIterable, Codable, Sendable, ExpressibleByArgument {
    /// The observability stack scraping every interval, and every pod exporting spans over OTLP.
    case on
    /// No observability stack, `OTEL_TRACES_EXPORTER=none` in every pod: no scraping, no span export.
    case off
    /// The stack scraping, but `OTEL_TRACES_EXPORTER=none` in every pod.
    case scrapeOnly = "scrape-only"
    /// The stack receiving spans, but not scraping (one scrape at start-up, before any load).
    case traceOnly = "trace-only"

    /// Whether the cluster runs the observability stack.
    var runsStack: Bool { self != .off }

    /// Whether the stack scrapes on its interval.
    var scrapes: Bool { self == .on || self == .scrapeOnly }

    /// Whether pods export spans (otherwise they get `OTEL_TRACES_EXPORTER=none`).
    var exportsSpans: Bool { self == .on || self == .traceOnly }

    /// A one-line description for the report.
    func summary(scrapeInterval: String) -> String {
        switch self {
        case .on: "observability stack, scrapes every \(scrapeInterval), spans exported over OTLP"
        case .off: "no observability stack, OTEL_TRACES_EXPORTER=none, no scraping"
        case .scrapeOnly: "observability stack, scrapes every \(scrapeInterval), OTEL_TRACES_EXPORTER=none"
        case .traceOnly: "observability stack receiving spans over OTLP, no periodic scraping"
        }
    }
}
