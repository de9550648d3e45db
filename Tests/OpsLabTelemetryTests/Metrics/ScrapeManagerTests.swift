import Synchronization
import Testing

@testable import OpsLabTelemetry

/// A settable millisecond clock for deterministic scrapes.
final class FakeClock: Sendable {
    let now = Mutex<Int64>(1_000_000)
    func advance(_ ms: Int64) { now.withLock { $0 += ms } }
    var read: @Sendable () -> Int64 { { [self] in now.withLock { $0 } } }
}

/// Exposition bodies by URL; a missing URL fails the scrape.
final class FakeFetcher: Sendable {
    let bodies = Mutex<[String: String]>([:])
    func set(_ url: String, _ body: String?) { bodies.withLock { $0[url] = body } }
    var fetch: @Sendable (ScrapeTarget) async throws -> String {
        { [self] target in
            guard let body = bodies.withLock({ $0[target.url] }) else { throw ScrapeError("connection refused") }
            return body
        }
    }
}

@Suite struct ScrapeManagerTests {
    let a = ScrapeTarget(
        job: "geo", url: "http://127.0.1.2:8080/metrics", labels: ["namespace": "hotel", "pod": "geo-1"])
    let b = ScrapeTarget(job: "rate", url: "http://127.0.1.3:8080/metrics")

    @Test func mergesTargetLabelsAndExportsConflicts() {
        let merged = ScrapeProcessor.merge(
            MetricLabels(name: "m", ["job": "inner", "exported_job": "x", "code": "200"]), with: a.targetLabels)
        #expect(merged["job"] == "geo")
        #expect(merged["exported_exported_job"] == "inner")
        #expect(merged["exported_job"] == "x")
        #expect(merged["instance"] == "127.0.1.2:8080")
        #expect(merged["pod"] == "geo-1")
        #expect(merged["code"] == "200")
    }

    @Test func scrapesRecordsReportSeriesAndFailingTargetIsDown() async throws {
        let store = TimeSeriesStore()
        let clock = FakeClock()
        let fetcher = FakeFetcher()
        fetcher.set(
            a.url, "# TYPE requests_total counter\nrequests_total{code=\"200\"} 5\nrequests_total{code=\"500\"} 1\n")
        let metadata = MetricMetadataStore()
        let targets = [a, b]
        let manager = ScrapeManager(
            store: store, metadata: metadata, targets: { targets }, fetch: fetcher.fetch, clock: clock.read)
        await manager.scrapeOnce()
        let engine = PromQLEngine(store: store)
        let now = clock.read()
        #expect(
            try values(engine.instantQuery("up", atMs: now)) == [
                "up{instance=\"127.0.1.2:8080\", job=\"geo\", namespace=\"hotel\", pod=\"geo-1\"}": 1,
                "up{instance=\"127.0.1.3:8080\", job=\"rate\"}": 0,
            ])
        #expect(try values(engine.instantQuery("scrape_samples_scraped{job=\"geo\"}", atMs: now)).values.first == 2)
        #expect(try values(engine.instantQuery("scrape_series_added{job=\"geo\"}", atMs: now)).values.first == 2)
        #expect(try values(engine.instantQuery("sum(requests_total{namespace=\"hotel\"})", atMs: now)) == ["{}": 6])
        let health = manager.targetHealth()
        #expect(health.map(\.health) == [.up, .down])
        #expect(health[1].lastError.contains("connection refused"))
        #expect(metadata.metadata(metric: "requests_total")["requests_total"]?.first?.type == .counter)
    }

    @Test func vanishedSeriesAndTargetsGetStaleMarkers() async throws {
        let store = TimeSeriesStore()
        let clock = FakeClock()
        let fetcher = FakeFetcher()
        fetcher.set(a.url, "x 1\ny 2\n")
        let current = Mutex<[ScrapeTarget]>([a])
        let manager = ScrapeManager(
            store: store, targets: { current.withLock { $0 } }, fetch: fetcher.fetch, clock: clock.read)
        let engine = PromQLEngine(store: store)
        await manager.scrapeOnce()
        clock.advance(5_000)
        fetcher.set(a.url, "x 3\n")
        await manager.scrapeOnce()
        #expect(try engine.instantQuery("y", atMs: clock.read()).vectorValue == [])
        #expect(try values(engine.instantQuery("x", atMs: clock.read())).values.first == 3)
        #expect(try values(engine.instantQuery("scrape_series_added", atMs: clock.read())).values.first == 0)
        clock.advance(5_000)
        current.withLock { $0 = [] }
        await manager.scrapeOnce()
        #expect(try engine.instantQuery("x", atMs: clock.read()).vectorValue == [])
        #expect(try engine.instantQuery("up", atMs: clock.read()).vectorValue == [])
        #expect(manager.targetHealth().isEmpty)
    }

    @Test func failedScrapeMarksSeriesStaleAndParseErrorsAreReported() async throws {
        let store = TimeSeriesStore()
        let clock = FakeClock()
        let fetcher = FakeFetcher()
        fetcher.set(a.url, "x 1\n")
        let targets = [a]
        let manager = ScrapeManager(store: store, targets: { targets }, fetch: fetcher.fetch, clock: clock.read)
        let engine = PromQLEngine(store: store)
        await manager.scrapeOnce()
        clock.advance(5_000)
        fetcher.set(a.url, "x{ 1\n")
        await manager.scrapeOnce()
        #expect(try engine.instantQuery("x", atMs: clock.read()).vectorValue == [])
        #expect(try values(engine.instantQuery("up", atMs: clock.read())).values.first == 0)
        #expect(manager.targetHealth().first?.lastError.hasPrefix("parse error: line 1") == true)
    }

    @Test func slowTargetTimesOut() async throws {
        let store = TimeSeriesStore()
        let targets = [a]
        let manager = ScrapeManager(
            store: store, configuration: ScrapeManagerConfiguration(intervalMs: 1_000, timeoutMs: 50),
            targets: { targets },
            fetch: { _ in
                try await Task.sleep(for: .seconds(10))
                return "x 1"
            })
        let started = ContinuousClock.now
        await manager.scrapeOnce()
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(manager.targetHealth().first?.health == .down)
        #expect(manager.targetHealth().first?.lastError.contains("context deadline exceeded") == true)
    }

    @Test func runScrapesUntilCancelled() async throws {
        let store = TimeSeriesStore()
        let count = Mutex(0)
        let targets = [a]
        let manager = ScrapeManager(
            store: store, configuration: ScrapeManagerConfiguration(intervalMs: 20, timeoutMs: 1_000),
            targets: { targets },
            fetch: { _ in
                count.withLock { $0 += 1 }
                return "x 1"
            })
        let task = Task { try await manager.run() }
        // Wait for two scrapes (a loaded machine may take a while to schedule them), then stop.
        let deadline = ContinuousClock.now + .seconds(30)
        while count.withLock({ $0 }) < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        try await task.value
        let scrapes = count.withLock { $0 }
        #expect(scrapes >= 2)
        try await Task.sleep(for: .milliseconds(60))
        #expect(count.withLock { $0 } == scrapes)
    }
}
