import Synchronization

/// An in-memory, thread-safe, bounded time-series database.
///
/// Series are identified by ``MetricLabels``; each keeps its samples in a ring buffer. Memory is bounded by
/// ``TimeSeriesStoreConfiguration``: a series limit, a retention window measured back from the newest sample,
/// and a per-series sample capacity. Appends take one short lock (use ``append(_:)`` with a batch to take it
/// once per scrape). An inverted index (label name → value → series) makes equality selectors fast.
public final class TimeSeriesStore: Sendable {
    /// The limits in force.
    public let configuration: TimeSeriesStoreConfiguration
    let state: Mutex<StoreState>

    /// An empty store.
    public init(configuration: TimeSeriesStoreConfiguration = TimeSeriesStoreConfiguration()) {
        self.configuration = configuration
        state = Mutex(StoreState())
    }

    /// Appends one sample; see ``AppendOutcome``.
    @discardableResult
    public func append(_ labels: MetricLabels, timestampMs: Int64, value: Double) -> AppendOutcome {
        let configuration = configuration
        return state.withLock { $0.append(labels, StoredSample(timestampMs: timestampMs, value: value), configuration) }
    }

    /// Appends a batch of samples under one lock; returns each outcome in order.
    @discardableResult
    public func append(_ batch: [(labels: MetricLabels, sample: StoredSample)]) -> [AppendOutcome] {
        let configuration = configuration
        return state.withLock { state in
            batch.map { state.append($0.labels, $0.sample, configuration) }
        }
    }

    /// Appends a stale marker to a series (if it exists and is not already stale) at `timestampMs`.
    @discardableResult
    public func markStale(_ labels: MetricLabels, timestampMs: Int64) -> Bool {
        let configuration = configuration
        return state.withLock { state in
            guard let id = state.idByLabels[labels], let last = state.series[id]?.ring.last, !last.isStale,
                last.timestampMs < timestampMs
            else { return false }
            return state.append(labels, StoredSample(timestampMs: timestampMs, value: StaleMarker.value), configuration)
                .isStored
        }
    }

    /// The series matching all `matchers` with their samples in `[startMs, endMs]` (stale markers included),
    /// sorted by labels. Series without samples in the window are left out.
    public func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) -> [StoredSeries] {
        state.withLock { state in
            state.candidates(matchers).compactMap { id -> StoredSeries? in
                guard let series = state.series[id] else { return nil }
                let samples = series.ring.samples(from: startMs, through: endMs)
                return samples.isEmpty ? nil : StoredSeries(labels: series.labels, samples: samples)
            }
        }.sorted { $0.labels < $1.labels }
    }

    /// The label sets of the series matching `matchers` that have samples in `[startMs, endMs]`, sorted.
    public func series(matching matchers: [LabelMatcher], startMs: Int64 = .min, endMs: Int64 = .max) -> [MetricLabels]
    {
        state.withLock { state in
            state.candidates(matchers).compactMap { id -> MetricLabels? in
                guard let series = state.series[id] else { return nil }
                return series.overlaps(startMs, endMs) ? series.labels : nil
            }
        }.sorted()
    }

    /// The label names in use, sorted; restricted to series matching any of `matcherSets` when given.
    public func labelNames(
        matching matcherSets: [[LabelMatcher]] = [], startMs: Int64 = .min, endMs: Int64 = .max
    )
        -> [String]
    {
        if matcherSets.isEmpty && startMs == .min && endMs == .max {
            return state.withLock { $0.postings.filter { !$0.value.isEmpty }.keys.sorted() }
        }
        var names: Set<String> = []
        for labels in seriesUnion(matcherSets, startMs, endMs) { names.formUnion(labels.names) }
        return names.sorted()
    }

    /// The values of label `name`, sorted; restricted to series matching any of `matcherSets` when given.
    public func labelValues(
        _ name: String, matching matcherSets: [[LabelMatcher]] = [], startMs: Int64 = .min, endMs: Int64 = .max
    ) -> [String] {
        if matcherSets.isEmpty && startMs == .min && endMs == .max {
            return state.withLock { state in
                (state.postings[name] ?? [:]).filter { !$0.value.isEmpty }.keys.sorted()
            }
        }
        return Set(seriesUnion(matcherSets, startMs, endMs).compactMap { $0[name] }).sorted()
    }

    private func seriesUnion(_ matcherSets: [[LabelMatcher]], _ startMs: Int64, _ endMs: Int64) -> Set<MetricLabels> {
        let sets = matcherSets.isEmpty ? [[]] : matcherSets
        var union: Set<MetricLabels> = []
        for matchers in sets { union.formUnion(series(matching: matchers, startMs: startMs, endMs: endMs)) }
        return union
    }

    /// Drops samples older than `nowMs - retention` and removes series left empty; returns series removed.
    @discardableResult
    public func compact(nowMs: Int64) -> Int {
        let minimum = nowMs - configuration.retentionMs
        return state.withLock { $0.compact(before: minimum) }
    }

    /// Counts and sizes.
    public var statistics: TimeSeriesStoreStatistics {
        state.withLock { $0.statistics() }
    }
}
