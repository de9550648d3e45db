import OpsLabTelemetry

/// What the observability stack did during one measured step, read from its own stores.
struct TelemetryBenchWork: Sendable, Codable, Hashable {
    /// The stores' counters at one instant.
    struct Snapshot: Sendable {
        var samplesAppended: Int
        var spansReceived: Int

        /// Reads the counters of `stack` now.
        init(stack: ObservabilityStack) {
            samplesAppended = stack.metricsStore.statistics.samplesAppended
            let traces = stack.traceStore.statistics
            spansReceived = traces.spans + traces.evictedSpans + traces.duplicateSpans
        }
    }

    /// Scrapes in the window: samples of the `up` series (one per target and scrape).
    var scrapes: Int
    /// Distinct targets scraped in the window.
    var targets: Int
    /// Samples appended to the time-series store during the window.
    var samplesAppended: Int
    /// Spans the OTLP receiver took in during the window (and the flush after it).
    var spansReceived: Int
    /// Series in the store at the end.
    var series: Int

    /// The work between two snapshots; `startMs…endMs` is the measured window (for counting scrapes).
    init(stack: ObservabilityStack, before: Snapshot, after: Snapshot, startMs: Int64, endMs: Int64) {
        let up = stack.metricsStore.select([.equal(MetricLabels.metricNameLabel, "up")], startMs: startMs, endMs: endMs)
        scrapes = up.reduce(0) { $0 + $1.samples.filter { !$0.isStale }.count }
        targets = up.count
        samplesAppended = after.samplesAppended - before.samplesAppended
        spansReceived = after.spansReceived - before.spansReceived
        series = stack.metricsStore.statistics.seriesCount
    }
}
