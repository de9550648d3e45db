import Testing

@testable import OpsLabTelemetry

@Suite struct TimeSeriesStoreTests {
    let up = MetricLabels(name: "up", ["job": "geo", "instance": "a"])

    @Test func appendsAndSelects() {
        let store = TimeSeriesStore()
        #expect(store.append(up, timestampMs: 1000, value: 1) == .createdSeries)
        #expect(store.append(up, timestampMs: 2000, value: 0) == .appended)
        #expect(store.append(up, timestampMs: 2000, value: 0) == .duplicate)
        #expect(store.append(up, timestampMs: 1500, value: 1) == .outOfOrder)
        store.append(MetricLabels(name: "up", ["job": "rate"]), timestampMs: 1000, value: 1)
        let selected = store.select([.equal("job", "geo")], startMs: 0, endMs: 10_000)
        #expect(selected.count == 1)
        #expect(selected[0].samples.map(\.value) == [1, 0])
        #expect(store.select([.equal("__name__", "up")], startMs: 1500, endMs: 1999).isEmpty)
        #expect(store.select([.equal("__name__", "up")], startMs: 0, endMs: 1000).count == 2)
        let regex = try! LabelMatcher("job", .regexMatch, "r.*")
        #expect(store.select([regex], startMs: 0, endMs: 5000).map { $0.labels["job"] } == ["rate"])
    }

    @Test func ringBufferKeepsNewestSamples() {
        let store = TimeSeriesStore(configuration: TimeSeriesStoreConfiguration(maxSamplesPerSeries: 3))
        for t in 1...10 { store.append(up, timestampMs: Int64(t), value: Double(t)) }
        let samples = store.select([.equal("job", "geo")], startMs: 0, endMs: 100)[0].samples
        #expect(samples.map(\.value) == [8, 9, 10])
    }

    @Test func ringBufferGrowsAndWrapsInOrder() {
        var ring = SampleRing(capacity: 20)
        for t in 0..<50 { ring.append(StoredSample(timestampMs: Int64(t), value: 0)) }
        ring.dropBefore(45)
        for t in 50..<53 { ring.append(StoredSample(timestampMs: Int64(t), value: 0)) }
        #expect(ring.samples(from: 0, through: 100).map(\.timestampMs) == [45, 46, 47, 48, 49, 50, 51, 52])
        #expect(ring.samples(from: 47, through: 50).map(\.timestampMs) == [47, 48, 49, 50])
    }

    @Test func retentionDropsOldSamplesAndSeries() {
        let store = TimeSeriesStore(configuration: TimeSeriesStoreConfiguration(retentionMs: 10_000))
        store.append(up, timestampMs: 1000, value: 1)
        let other = MetricLabels(name: "x")
        store.append(other, timestampMs: 20_000, value: 1)
        #expect(store.append(up, timestampMs: 5000, value: 1) == .tooOld)
        #expect(store.compact(nowMs: 20_000) == 1)
        #expect(store.statistics.seriesCount == 1)
        #expect(store.labelValues("__name__") == ["x"])
    }

    @Test func seriesLimitRejectsNewSeries() {
        let store = TimeSeriesStore(configuration: TimeSeriesStoreConfiguration(maxSeries: 2))
        store.append(MetricLabels(name: "a"), timestampMs: 1, value: 1)
        store.append(MetricLabels(name: "b"), timestampMs: 1, value: 1)
        #expect(store.append(MetricLabels(name: "c"), timestampMs: 1, value: 1) == .seriesLimitReached)
        #expect(store.append(MetricLabels(name: "a"), timestampMs: 2, value: 1) == .appended)
        #expect(store.statistics.seriesRejected == 1)
    }

    @Test func staleMarkersAreSpecialNaN() {
        let store = TimeSeriesStore()
        store.append(up, timestampMs: 1000, value: 1)
        #expect(store.markStale(up, timestampMs: 2000))
        #expect(!store.markStale(up, timestampMs: 3000))
        let samples = store.select([.equal("job", "geo")], startMs: 0, endMs: 5000)[0].samples
        #expect(samples.last?.isStale == true)
        #expect(!StaleMarker.isStale(.nan))
        #expect(StaleMarker.value.isNaN)
    }

    @Test func labelNamesValuesAndStatistics() {
        let store = TimeSeriesStore()
        store.append(up, timestampMs: 1000, value: 1)
        store.append(MetricLabels(name: "http_requests_total", ["code": "200"]), timestampMs: 1000, value: 5)
        #expect(store.labelNames() == ["__name__", "code", "instance", "job"])
        #expect(store.labelNames(matching: [[.equal("__name__", "up")]]) == ["__name__", "instance", "job"])
        #expect(store.labelValues("__name__") == ["http_requests_total", "up"])
        #expect(store.labelValues("job", matching: [[.equal("__name__", "http_requests_total")]]).isEmpty)
        #expect(store.series(matching: [.equal("__name__", "up")]) == [up])
        let stats = store.statistics
        #expect(stats.seriesCount == 2)
        #expect(stats.sampleCount == 2)
        #expect(stats.approximateBytes > 0)
        #expect(stats.maxTimestampMs == 1000)
    }

    @Test func concurrentAppendsAreSafe() async {
        let store = TimeSeriesStore()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for t in 0..<500 {
                        store.append(MetricLabels(name: "w", ["worker": "\(worker)"]), timestampMs: Int64(t), value: 1)
                    }
                }
            }
        }
        #expect(store.statistics.sampleCount == 2000)
    }
}
