import Foundation
import Prometheus
import Synchronization
import Tracing

/// The metrics registry and tracer of one role process: what ``RoleHTTPServer``, ``RoleHTTPClient``,
/// ``DocumentStoreClient`` and ``MemcachedClient`` record into, and what `GET /metrics` exposes.
///
/// Create one per role process and pass it to the servers and clients (tests create one per case and read its
/// ``registry``). Servers and clients built without one use ``processDefault``. Metric names and labels are
/// listed in ``RoleMetricName``.
///
/// Spans go to ``tracer`` when one is given, else to `InstrumentationSystem.tracer` (a no-op until the process
/// bootstraps a real tracer; library code never bootstraps). Trace context travels in W3C `traceparent` /
/// `tracestate` headers, injected and extracted by the same instrument.
public final class RoleTelemetry: Sendable {
    /// The service the process runs, e.g. `geo` (the `service` label of `opslab_role_info`).
    public let serviceName: String
    /// Where the metrics live.
    public let registry: PrometheusCollectorRegistry
    /// The tracer for spans and propagation; `nil` uses `InstrumentationSystem.tracer` / `.instrument`.
    public let tracer: (any Tracer)?
    /// Server route labels (bounded).
    let serverRoutes = RouteTemplate()
    /// Client route labels (bounded).
    let clientRoutes = RouteTemplate()
    /// Peer service labels (bounded).
    let peers = RouteTemplate(limit: 64)
    /// Database and collection labels (bounded).
    let collections = RouteTemplate(limit: 128)
    let inFlight: Gauge
    private let cpuSeconds: Counter
    /// The CPU seconds already added to ``cpuSeconds`` (the counter only ever grows by the difference).
    private let cpuSecondsCounted = Mutex<Double>(0)

    /// The content type of the exposition: Prometheus text format 0.0.4.
    public static let exposition004ContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Creates the telemetry of a service.
    ///
    /// - Parameters:
    ///   - serviceName: e.g. `geo`, `mongodb-geo`.
    ///   - registry: the registry to record into (a fresh one by default).
    ///   - tracer: a tracer to use instead of the process's `InstrumentationSystem.tracer` (tests pass a
    ///     recording one).
    public init(
        serviceName: String, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        tracer: (any Tracer)? = nil
    ) {
        self.serviceName = serviceName
        self.registry = registry
        self.tracer = tracer
        inFlight = registry.makeGauge(
            descriptor: Self.descriptor(RoleMetricName.httpServerInFlight, "HTTP requests being handled."))
        cpuSeconds = registry.makeCounter(
            descriptor: Self.descriptor(RoleMetricName.processCPUSeconds, "User and system CPU time in seconds."))
        registry.makeGauge(
            descriptor: Self.descriptor(RoleMetricName.roleInfo, "The service this role process runs (always 1)."),
            labels: [("service", serviceName)]
        ).set(to: 1)
        let start = ProcessStats.current().startTime ?? Date().timeIntervalSince1970
        registry.makeGauge(
            descriptor: Self.descriptor(RoleMetricName.processStartTime, "Start time of the process (Unix seconds).")
        ).set(to: start)
        refreshProcessMetrics()
    }

    // MARK: Process default

    private static let installed = Mutex<RoleTelemetry?>(nil)

    /// The process-wide telemetry used by servers and clients created without one.
    ///
    /// Made on first use with the name from ``serviceName(environment:arguments:)`` for this process, unless
    /// ``installProcessDefault(_:)`` installed one before.
    public static var processDefault: RoleTelemetry {
        installed.withLock { current in
            if let current { return current }
            let made = RoleTelemetry(
                serviceName: serviceName(
                    environment: ProcessInfo.processInfo.environment, arguments: CommandLine.arguments))
            current = made
            return made
        }
    }

    /// Replaces the process-wide telemetry (a pod entry point calls this once, before starting the role).
    public static func installProcessDefault(_ telemetry: RoleTelemetry) {
        installed.withLock { $0 = telemetry }
    }

    /// The service name of a role process: `$OTEL_SERVICE_NAME`, else the Deployment name read off `$POD_NAME`
    /// (`geo-7c9d5b8f4d-x2k9q` → `geo`), else the last path component of the first argument.
    public static func serviceName(environment: [String: String], arguments: [String]) -> String {
        if let name = environment["OTEL_SERVICE_NAME"], !name.isEmpty { return name }
        if let pod = environment["POD_NAME"], !pod.isEmpty { return workloadName(ofPod: pod) }
        let first = arguments.first.flatMap { $0.split(separator: "/").last.map(String.init) }
        return first.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
    }

    /// The owning workload's name of a pod: drops a random 5-character suffix and a ReplicaSet hash before it.
    public static func workloadName(ofPod pod: String) -> String {
        var parts = pod.split(separator: "-", omittingEmptySubsequences: false)
        func isToken(_ part: Substring?, lengths: ClosedRange<Int>) -> Bool {
            guard let part else { return false }
            return lengths.contains(part.count) && part.allSatisfy { $0.isLowercase || $0.isNumber }
        }
        guard parts.count >= 2, isToken(parts.last, lengths: 5...5) else { return pod }
        parts.removeLast()
        if parts.count >= 2, isToken(parts.last, lengths: 6...10), parts.last?.contains(where: \.isNumber) == true {
            parts.removeLast()
        }
        return parts.joined(separator: "-")
    }

    // MARK: Exposition

    /// The registry in Prometheus text format, with the process metrics read just now.
    public func exposition() -> String {
        refreshProcessMetrics()
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The answer to `GET /metrics`: 200 with ``exposition()`` as `text/plain; version=0.0.4`.
    public func metricsResponse() -> RoleHTTPResponse {
        RoleHTTPResponse(
            status: 200, headers: [("Content-Type", Self.exposition004ContentType)], body: Data(exposition().utf8))
    }

    /// Reads `/proc/self` into the process gauges (a no-op where `/proc` is missing).
    func refreshProcessMetrics() {
        let stats = ProcessStats.current()
        if let value = stats.residentBytes {
            registry.makeGauge(
                descriptor: Self.descriptor(RoleMetricName.processResidentMemory, "Resident memory size in bytes.")
            ).set(to: value)
        }
        if let value = stats.virtualBytes {
            registry.makeGauge(
                descriptor: Self.descriptor(RoleMetricName.processVirtualMemory, "Virtual memory size in bytes.")
            ).set(to: value)
        }
        if let value = stats.openFDs {
            registry.makeGauge(
                descriptor: Self.descriptor(RoleMetricName.processOpenFDs, "Open file descriptors.")
            ).set(to: Double(value))
        }
        if let value = stats.cpuSeconds {
            let delta = cpuSecondsCounted.withLock { counted -> Double in
                guard value > counted else { return 0 }
                defer { counted = value }
                return value - counted
            }
            if delta > 0 { cpuSeconds.increment(by: delta) }
        }
    }

    /// A descriptor with the full metric name in `metricName` (no namespace or unit added).
    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
