/// One series inside the store.
struct MemSeries: Sendable {
    let labels: MetricLabels
    var ring: SampleRing

    func overlaps(_ startMs: Int64, _ endMs: Int64) -> Bool {
        guard let first = ring.first, let last = ring.last else { return false }
        return first.timestampMs <= endMs && last.timestampMs >= startMs
    }
}

/// The mutable state of a ``TimeSeriesStore``, guarded by its mutex.
struct StoreState: Sendable {
    var idByLabels: [MetricLabels: Int] = [:]
    var series: [Int: MemSeries] = [:]
    /// label name → label value → series ids.
    var postings: [String: [String: Set<Int>]] = [:]
    var nextID = 0
    var maxTimestampMs: Int64 = .min
    var samplesAppended = 0
    var samplesRejected = 0
    var seriesRejected = 0
    var seriesRemoved = 0
    var appendsSinceCompaction = 0

    mutating func append(
        _ labels: MetricLabels, _ sample: StoredSample, _ configuration: TimeSeriesStoreConfiguration
    ) -> AppendOutcome {
        if sample.timestampMs > maxTimestampMs { maxTimestampMs = sample.timestampMs }
        let minimum = maxTimestampMs == .min ? Int64.min : maxTimestampMs - configuration.retentionMs
        guard sample.timestampMs >= minimum else {
            samplesRejected += 1
            return .tooOld
        }
        var created = false
        let id: Int
        if let existing = idByLabels[labels] {
            id = existing
        } else {
            if series.count >= configuration.maxSeries {
                compact(before: minimum)
                guard series.count < configuration.maxSeries else {
                    seriesRejected += 1
                    return .seriesLimitReached
                }
            }
            id = nextID
            nextID += 1
            idByLabels[labels] = id
            series[id] = MemSeries(labels: labels, ring: SampleRing(capacity: configuration.maxSamplesPerSeries))
            for label in labels.labels { postings[label.name, default: [:]][label.value, default: []].insert(id) }
            created = true
        }
        if let last = series[id]?.ring.last {
            if sample.timestampMs == last.timestampMs {
                if sample == last { return .duplicate }
                samplesRejected += 1
                return .outOfOrder
            }
            if sample.timestampMs < last.timestampMs {
                samplesRejected += 1
                return .outOfOrder
            }
        }
        series[id]?.ring.append(sample)
        series[id]?.ring.dropBefore(minimum)
        samplesAppended += 1
        appendsSinceCompaction += 1
        if appendsSinceCompaction >= 100_000 { compact(before: minimum) }
        return created ? .createdSeries : .appended
    }

    /// Drops old samples everywhere and removes empty series; returns series removed.
    @discardableResult
    mutating func compact(before minimum: Int64) -> Int {
        appendsSinceCompaction = 0
        var removed = 0
        for id in Array(series.keys) {
            series[id]?.ring.dropBefore(minimum)
            guard let entry = series[id], entry.ring.count == 0 else { continue }
            series[id] = nil
            idByLabels[entry.labels] = nil
            for label in entry.labels.labels {
                postings[label.name]?[label.value]?.remove(id)
                if postings[label.name]?[label.value]?.isEmpty == true { postings[label.name]?[label.value] = nil }
                if postings[label.name]?.isEmpty == true { postings[label.name] = nil }
            }
            removed += 1
        }
        seriesRemoved += removed
        return removed
    }

    /// The ids of the series that satisfy all matchers, using the index for equality matchers.
    func candidates(_ matchers: [LabelMatcher]) -> [Int] {
        var narrowed: Set<Int>?
        for matcher in matchers where matcher.type == .equal && !matcher.value.isEmpty {
            let ids = postings[matcher.name]?[matcher.value] ?? []
            narrowed = narrowed.map { $0.intersection(ids) } ?? ids
            if narrowed?.isEmpty == true { return [] }
        }
        let pool: [Int] = narrowed.map(Array.init) ?? Array(series.keys)
        return pool.filter { id in
            guard let labels = series[id]?.labels else { return false }
            return matchers.allSatisfy { $0.matches(labels) }
        }
    }

    func statistics() -> TimeSeriesStoreStatistics {
        var samples = 0
        var bytes = 0
        var minimum: Int64?
        var maximum: Int64?
        for entry in series.values {
            samples += entry.ring.count
            bytes += entry.ring.allocatedBytes + 64
            for label in entry.labels.labels { bytes += label.name.utf8.count + label.value.utf8.count + 32 }
            if let first = entry.ring.first?.timestampMs { minimum = min(minimum ?? first, first) }
            if let last = entry.ring.last?.timestampMs { maximum = max(maximum ?? last, last) }
        }
        bytes += series.count * 48 * 2
        return TimeSeriesStoreStatistics(
            seriesCount: series.count, sampleCount: samples, approximateBytes: bytes, samplesAppended: samplesAppended,
            samplesRejected: samplesRejected, seriesRejected: seriesRejected, seriesRemoved: seriesRemoved,
            minTimestampMs: minimum, maxTimestampMs: maximum)
    }
}
