import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import ServiceLifecycle
import Synchronization

/// The control plane's observability stack: Prometheus's and Jaeger's APIs, served as Services of the cluster.
///
/// A `Service` to run as an add-on of the embedded cluster (or beside any cluster, given its kubeconfig). `run()`
/// waits for the API server, creates namespace `observe` with the ClusterIP Services `prometheus` (9090 `http`),
/// `jaeger` (16686 `query`, 4318 `otlp-http`) and `kube-state-metrics` (8080 `http-metrics`), binds one HTTP
/// server per port on the serving address (the control-plane node's InternalIP unless configured), and writes
/// each Service's Endpoints naming that address, so the cluster's service proxy forwards the ClusterIP ports
/// there — `http://<prometheus ClusterIP>:9090` works from pods, agents and the host alike. It then scrapes every
/// interval: annotated pods (`prometheus.io/scrape`), each node's cAdvisor metrics through the API server, and its
/// own kube-state-metrics. Setup failures are logged and retried; cancellation stops everything.
///
/// In-process callers use ``metricsStore``, ``traceStore``, ``prometheusAPI``, ``jaegerAPI`` and the route
/// handlers (``handlePrometheus(_:)`` …) directly; ``endpoints`` gives the URLs once ready.
public final class ObservabilityStack: Service, Sendable {
    /// The configuration.
    public let configuration: ObservabilityConfiguration
    /// The kubeconfig the stack reaches the cluster with.
    public let kubeconfigPath: String
    /// The time-series store scrapes go to.
    public let metricsStore: TimeSeriesStore
    /// Metric metadata (TYPE/HELP) seen in scrapes.
    public let metricMetadata: MetricMetadataStore
    /// The scraper (its ``ScrapeManager/targetHealth()`` backs `/api/v1/targets`).
    public let scrapeManager: ScrapeManager
    /// Prometheus's HTTP API over ``metricsStore``.
    public let prometheusAPI: PrometheusAPI
    /// The span store the OTLP receiver feeds.
    public let traceStore: TraceStore
    /// Jaeger's query API over ``traceStore``.
    public let jaegerAPI: JaegerQueryAPI
    /// The OTLP/HTTP receiver feeding ``traceStore``.
    public let otlpReceiver: OTLPReceiver

    let runtime: ObservabilityRuntime
    let now: @Sendable () -> Date
    let logger: Logger

    /// Creates the stack for the cluster whose kubeconfig is at `kubeconfigPath` (it may not exist yet).
    ///
    /// - Parameters:
    ///   - now: the clock used for scrape timestamps and query evaluation.
    ///   - maxTraceSpans: the bound on stored spans.
    public init(
        kubeconfigPath: String, configuration: ObservabilityConfiguration = ObservabilityConfiguration(),
        maxTraceSpans: Int = TraceStore.defaultMaxSpans, logger: Logger = Logger(label: "opslab.telemetry"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.kubeconfigPath = kubeconfigPath
        self.logger = logger
        self.now = now
        let intervalMs = max(Int64(1), Self.milliseconds(configuration.scrapeInterval))
        let retentionMs = max(intervalMs, Self.milliseconds(configuration.retention))
        let samples = Int(min(50_000, max(2_048, retentionMs / intervalMs + 16)))
        let store = TimeSeriesStore(
            configuration: TimeSeriesStoreConfiguration(retentionMs: retentionMs, maxSamplesPerSeries: samples))
        let metadata = MetricMetadataStore()
        let runtime = ObservabilityRuntime(configuration: configuration, logger: logger)
        let timeoutMs = max(Int64(1), Self.milliseconds(configuration.effectiveScrapeTimeout))
        let scrapeManager = ScrapeManager(
            store: store, metadata: metadata,
            configuration: ScrapeManagerConfiguration(intervalMs: intervalMs, timeoutMs: timeoutMs),
            targets: { await runtime.scrapeTargets() },
            fetch: { try await runtime.fetch($0) },
            clock: { Int64((now().timeIntervalSince1970 * 1000).rounded()) },
            logger: logger)
        self.metricsStore = store
        self.metricMetadata = metadata
        self.runtime = runtime
        self.scrapeManager = scrapeManager
        self.prometheusAPI = PrometheusAPI(
            engine: PromQLEngine(store: store), metadata: metadata, targets: { scrapeManager.targetHealth() })
        let traces = TraceStore(maxSpans: maxTraceSpans)
        self.traceStore = traces
        self.jaegerAPI = JaegerQueryAPI(store: traces)
        self.otlpReceiver = OTLPReceiver(store: traces)
    }

    /// The Services' URLs and the serving address once the stack is ready; `nil` before.
    public var endpoints: ObservabilityEndpoints? { runtime.endpoints }

    /// Waits until the stack is ready and returns its endpoints.
    ///
    /// Throws ``TelemetryStackError`` (`apiUnavailable`) after `timeout`.
    public func waitUntilReady(timeout: Duration = .seconds(30)) async throws -> ObservabilityEndpoints {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let endpoints { return endpoints }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TelemetryStackError(
            code: .apiUnavailable, message: "the observability stack was not ready within \(timeout)")
    }

    /// The targets found by the last discovery (pods, nodes, kube-state-metrics).
    public var currentTargets: [DiscoveredTarget] { runtime.lastTargets }

    /// Runs the stack until cancelled or a graceful shutdown; does nothing (but wait) when disabled.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                guard self.configuration.enabled else {
                    self.logger.info("telemetry is disabled")
                    while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
                    return
                }
                let servers = try await self.setUp()
                defer { self.runtime.clearEndpoints() }
                try await self.serve(servers)
            }
        } catch is CancellationError {
            // A requested stop.
        }
    }

    /// Connects, publishes the Services and binds the servers, retrying every few seconds until it succeeds.
    private func setUp() async throws -> [TelemetryHTTPServer] {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await runtime.setUp(kubeconfigPath: kubeconfigPath) { port in
                    self.handler(for: port)
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if attempt == 1 || attempt % 10 == 0 {
                    logger.error("observability stack setup failed; retrying", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(2))
            }
        }
    }

    private func serve(_ servers: [TelemetryHTTPServer]) async throws {
        let logger = logger
        try await withThrowingDiscardingTaskGroup { group in
            for server in servers {
                group.addTask {
                    do {
                        try await server.run()
                    } catch {
                        logger.error(
                            "telemetry server stopped", metadata: ["address": "\(server.address)", "error": "\(error)"])
                    }
                }
            }
            group.addTask { try await self.scrapeManager.run() }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: self.configuration.reconcileInterval)
                    await self.runtime.reconcile()
                }
            }
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let components = duration.components
        return components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
