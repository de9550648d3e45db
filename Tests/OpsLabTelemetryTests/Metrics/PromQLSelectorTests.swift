import Testing

@testable import OpsLabTelemetry

@Suite struct PromQLSelectorTests {
    let store = makeStore([
        (MetricLabels(name: "http_requests_total", ["job": "geo", "code": "200"]), [(0, 1), (60_000, 2)]),
        (MetricLabels(name: "http_requests_total", ["job": "geo", "code": "503"]), [(0, 5), (60_000, 9)]),
        (MetricLabels(name: "http_requests_total", ["job": "rate", "code": "200"]), [(0, 7), (60_000, 8)]),
    ])

    @Test func regexAndNegativeMatchers() throws {
        let engine = PromQLEngine(store: store)
        let fiveXX = try values(engine.instantQuery(#"http_requests_total{code=~"5.."}"#, atMs: 60_000))
        #expect(fiveXX == [#"http_requests_total{code="503", job="geo"}"#: 9])
        let notGeo = try values(engine.instantQuery(#"http_requests_total{job!="geo"}"#, atMs: 60_000))
        #expect(notGeo.count == 1)
        let byName = try values(engine.instantQuery(#"{__name__=~"http_.*", job!~"geo|x"}"#, atMs: 60_000))
        #expect(byName.count == 1)
    }

    @Test func offsetInRangeQueriesAndSubqueries() throws {
        let engine = PromQLEngine(store: store)
        let shifted = try engine.rangeQuery(
            #"sum(http_requests_total offset 1m)"#, startMs: 60_000, endMs: 120_000, stepMs: 60_000)
        #expect(shifted.matrixValue?.first?.points.map(\.value) == [13, 19])
        let maxRate = try values(engine.instantQuery("max_over_time(sum(http_requests_total)[2m:1m])", atMs: 60_000))
        #expect(maxRate == ["{}": 19])
    }

    @Test func labelJoinAndSort() throws {
        let engine = PromQLEngine(store: store)
        let joined = try engine.instantQuery(
            #"label_join(http_requests_total, "id", "/", "job", "code")"#, atMs: 60_000
        ).vectorValue?.compactMap { $0.labels["id"] }
        #expect(joined == ["geo/200", "rate/200", "geo/503"])  // sorted by labels: code before job
        let sorted = try engine.instantQuery("sort_desc(http_requests_total)", atMs: 60_000).vectorValue?.map(\.value)
        #expect(sorted == [9, 8, 2])
    }

    @Test func rangeQueryAllowsExactlyElevenThousandSteps() throws {
        let engine = PromQLEngine(store: store)
        #expect(
            try engine.rangeQuery("vector(1)", startMs: 0, endMs: 11_000, stepMs: 1).matrixValue?[0].points.count
                == 11_001)
        #expect(throws: PromQLError.self) { try engine.rangeQuery("vector(1)", startMs: 0, endMs: 11_001, stepMs: 1) }
    }
}
