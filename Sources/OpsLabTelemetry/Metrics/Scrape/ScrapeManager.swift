import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Scrapes targets on an interval into a ``TimeSeriesStore``: a swift-service-lifecycle `Service`.
///
/// Every ``ScrapeManagerConfiguration/intervalMs`` it asks the target provider for targets and scrapes each
/// (concurrently) with the injected fetcher under a timeout, parses the exposition, attaches `job`, `instance`
/// and the target labels (colliding scraped labels become `exported_<name>`), appends, and records `up`,
/// `scrape_duration_seconds`, `scrape_samples_scraped` and `scrape_series_added`. Series missing from a scrape,
/// every series of a failed scrape, and all series of a vanished target get stale markers. The manager does no
/// I/O itself; the clock is injected so tests are deterministic. Cancellation or graceful shutdown stops `run()`.
public final class ScrapeManager: Service, Sendable {
    /// The store samples go to.
    public let store: TimeSeriesStore
    /// Where TYPE/HELP metadata of scraped families goes.
    public let metadata: MetricMetadataStore
    /// Interval and timeout.
    public let configuration: ScrapeManagerConfiguration
    private let targetProvider: @Sendable () async -> [ScrapeTarget]
    private let fetcher: @Sendable (ScrapeTarget) async throws -> String
    private let clock: @Sendable () -> Int64
    private let logger: Logger
    private let targets = Mutex<[String: TargetState]>([:])

    struct TargetState: Sendable {
        var health: ScrapeTargetHealth
        var series: Set<MetricLabels> = []
    }

    /// A manager. `targets` lists what to scrape each cycle; `fetch` returns a target's exposition text (and
    /// should honour task cancellation, which the timeout uses); `clock` returns milliseconds since the epoch.
    public init(
        store: TimeSeriesStore, metadata: MetricMetadataStore = MetricMetadataStore(),
        configuration: ScrapeManagerConfiguration = ScrapeManagerConfiguration(),
        targets: @escaping @Sendable () async -> [ScrapeTarget],
        fetch: @escaping @Sendable (ScrapeTarget) async throws -> String,
        clock: @escaping @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) },
        logger: Logger = Logger(label: "opslab.telemetry.scrape")
    ) {
        self.store = store
        self.metadata = metadata
        self.configuration = configuration
        self.targetProvider = targets
        self.fetcher = fetch
        self.clock = clock
        self.logger = logger
    }

    /// Scrapes every interval until the task is cancelled or the service group shuts down gracefully.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await self.scrapeOnce()
                    try await Task.sleep(for: .milliseconds(self.configuration.intervalMs))
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// The health of every known target, sorted by job and URL (for `/api/v1/targets`).
    public func targetHealth() -> [ScrapeTargetHealth] {
        targets.withLock { $0.values.map(\.health) }.sorted {
            ($0.target.job, $0.target.url) < ($1.target.job, $1.target.url)
        }
    }

    /// Runs one scrape cycle: fetch the target list, mark vanished targets stale, scrape all targets, compact.
    public func scrapeOnce() async {
        var current: [String: ScrapeTarget] = [:]
        for target in await targetProvider() where current[target.key] == nil { current[target.key] = target }
        let nowMs = clock()
        let vanished = targets.withLock { states -> [TargetState] in
            let gone = states.filter { current[$0.key] == nil }
            for key in gone.keys { states[key] = nil }
            for (key, target) in current where states[key] == nil {
                states[key] = TargetState(
                    health: ScrapeTargetHealth(
                        target: target, scrapeIntervalMs: configuration.intervalMs,
                        scrapeTimeoutMs: configuration.timeoutMs))
            }
            return Array(gone.values)
        }
        for state in vanished {
            let report = ScrapeProcessor.reportSamples(
                target: state.health.target, timestampMs: nowMs, up: false, durationSeconds: 0, samplesScraped: 0,
                seriesAdded: 0)
            for labels in state.series.union(report.map(\.labels)) { store.markStale(labels, timestampMs: nowMs) }
            logger.debug(
                "target vanished", metadata: ["job": "\(state.health.target.job)", "url": "\(state.health.target.url)"])
        }
        await withTaskGroup(of: Void.self) { group in
            for target in current.values {
                group.addTask { await self.scrape(target) }
            }
        }
        store.compact(nowMs: clock())
    }

    /// Scrapes one target now and records the outcome.
    func scrape(_ target: ScrapeTarget) async {
        let start = clock()
        var families: [MetricFamily] = []
        var failure: String?
        do {
            let body = try await fetchWithTimeout(target)
            families = try ExpositionParser.parse(body)
        } catch let error as ExpositionError {
            failure = "parse error: \(error)"
        } catch {
            failure = "\(error)"
        }
        let end = clock()
        let duration = Double(max(0, end - start)) / 1000
        let samples = failure == nil ? ScrapeProcessor.samples(from: families, target: target, timestampMs: start) : []
        let seriesNow = Set(samples.map(\.labels))
        let previous = targets.withLock { $0[target.key]?.series ?? [] }
        let added = seriesNow.subtracting(previous).count
        let report = ScrapeProcessor.reportSamples(
            target: target, timestampMs: start, up: failure == nil, durationSeconds: duration,
            samplesScraped: samples.count, seriesAdded: added)
        store.append(samples + report)
        for labels in previous.subtracting(seriesNow) { store.markStale(labels, timestampMs: start) }
        metadata.record(families)
        if let failure {
            logger.debug("scrape failed", metadata: ["url": "\(target.url)", "error": "\(failure)"])
        }
        targets.withLock { states in
            guard states[target.key] != nil else { return }
            states[target.key]?.series = seriesNow
            states[target.key]?.health.health = failure == nil ? .up : .down
            states[target.key]?.health.lastError = failure ?? ""
            states[target.key]?.health.lastScrapeMs = start
            states[target.key]?.health.lastScrapeDurationSeconds = duration
        }
    }

    private func fetchWithTimeout(_ target: ScrapeTarget) async throws -> String {
        let fetcher = self.fetcher
        let timeout = configuration.timeoutMs
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { try await fetcher(target) }
            group.addTask {
                try await Task.sleep(for: .milliseconds(timeout))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let body = first else {
                throw ScrapeError(
                    "Get \"\(target.url)\": context deadline exceeded (scrape timeout \(PromQLDuration.format(milliseconds: timeout)))"
                )
            }
            return body
        }
    }
}
