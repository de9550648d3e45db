import Testing

@testable import OpsLabTelemetry

/// A store with hand-made series for engine tests.
func makeStore(_ series: [(MetricLabels, [(Int64, Double)])]) -> TimeSeriesStore {
    let store = TimeSeriesStore()
    for (labels, points) in series {
        for (t, v) in points { store.append(labels, timestampMs: t, value: v) }
    }
    return store
}

func approx(_ actual: Double?, _ expected: Double) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) < 1e-9
}

func values(_ value: PromQLValue) -> [String: Double] {
    var out: [String: Double] = [:]
    for sample in value.vectorValue ?? [] { out[sample.labels.description] = sample.value }
    return out
}

@Suite struct PromQLEngineTests {
    @Test func rateAndIncreaseMatchHandComputedValues() throws {
        // 0,10,…,60 every 10 s: window (0, 60] holds 6 samples; extrapolation to the start adds 10 s.
        let counter = MetricLabels(name: "c", ["job": "a"])
        let engine = PromQLEngine(store: makeStore([(counter, (0...6).map { (Int64($0) * 10_000, Double($0) * 10) })]))
        #expect(try values(engine.instantQuery("rate(c[60s])", atMs: 60_000)) == ["{job=\"a\"}": 1.0])
        #expect(try values(engine.instantQuery("increase(c[1m])", atMs: 60_000)) == ["{job=\"a\"}": 60.0])
        #expect(try values(engine.instantQuery("irate(c[1m])", atMs: 60_000)) == ["{job=\"a\"}": 1.0])
        #expect(try values(engine.instantQuery("delta(c[1m])", atMs: 60_000)) == ["{job=\"a\"}": 60.0])
    }

    @Test func rateHandlesCounterResets() throws {
        let counter = MetricLabels(name: "c")
        let points: [(Int64, Double)] = [(10_000, 0), (20_000, 10), (30_000, 20), (40_000, 5), (50_000, 15)]
        let engine = PromQLEngine(store: makeStore([(counter, points)]))
        // increase = 15 + 20 (reset) = 35; the zero point is the first sample, no extrapolation to the end.
        #expect(try values(engine.instantQuery("increase(c[50s])", atMs: 50_000)) == ["{}": 35])
        #expect(try approx(values(engine.instantQuery("rate(c[50s])", atMs: 50_000))["{}"], 0.7))
        #expect(try values(engine.instantQuery("resets(c[1m])", atMs: 50_000)) == ["{}": 1])
        #expect(try values(engine.instantQuery("irate(c[1m])", atMs: 50_000)) == ["{}": 1])
    }

    @Test func rateExtrapolatesHalfAnIntervalAtGaps() throws {
        let counter = MetricLabels(name: "c")
        let engine = PromQLEngine(store: makeStore([(counter, [(20_000, 100), (30_000, 110), (40_000, 120)])]))
        // sampled 20 s, both gaps (20 s) exceed 1.1 × 10 s, so each side extends 5 s: 20 × 30/20 = 30.
        #expect(try values(engine.instantQuery("increase(c[60s])", atMs: 60_000)) == ["{}": 30])
        #expect(try values(engine.instantQuery("rate(c[1m])", atMs: 60_000)) == ["{}": 0.5])
        #expect(try engine.instantQuery("rate(c[5s])", atMs: 60_000).vectorValue == [])
    }

    @Test func instantSelectorLooksBackFiveMinutesAndStopsAtStaleMarkers() throws {
        let up = MetricLabels(name: "up", ["job": "a"])
        let store = makeStore([(up, [(0, 1)])])
        let engine = PromQLEngine(store: store)
        #expect(try values(engine.instantQuery("up", atMs: 299_000)) == ["up{job=\"a\"}": 1])
        #expect(try engine.instantQuery("up", atMs: 300_000).vectorValue == [])
        store.markStale(up, timestampMs: 10_000)
        #expect(try values(engine.instantQuery("up", atMs: 9_000)) == ["up{job=\"a\"}": 1])
        #expect(try engine.instantQuery("up", atMs: 11_000).vectorValue == [])
        #expect(try values(engine.instantQuery("up offset 2s", atMs: 11_000)) == ["up{job=\"a\"}": 1])
    }

    @Test func aggregationsByAndWithout() throws {
        let store = makeStore([
            (MetricLabels(name: "r", ["job": "a", "pod": "1"]), [(0, 1)]),
            (MetricLabels(name: "r", ["job": "a", "pod": "2"]), [(0, 3)]),
            (MetricLabels(name: "r", ["job": "b", "pod": "3"]), [(0, 10)]),
        ])
        let engine = PromQLEngine(store: store)
        #expect(try values(engine.instantQuery("sum by (job) (r)", atMs: 0)) == ["{job=\"a\"}": 4, "{job=\"b\"}": 10])
        #expect(
            try values(engine.instantQuery("sum without (pod) (r)", atMs: 0)) == ["{job=\"a\"}": 4, "{job=\"b\"}": 10])
        #expect(try values(engine.instantQuery("avg(r) by (job)", atMs: 0)) == ["{job=\"a\"}": 2, "{job=\"b\"}": 10])
        #expect(try values(engine.instantQuery("count(r)", atMs: 0)) == ["{}": 3])
        #expect(try values(engine.instantQuery("max(r)", atMs: 0)) == ["{}": 10])
        #expect(try values(engine.instantQuery("min by (job) (r)", atMs: 0)) == ["{job=\"a\"}": 1, "{job=\"b\"}": 10])
        #expect(
            try values(engine.instantQuery("stddev by (job) (r)", atMs: 0)) == ["{job=\"a\"}": 1, "{job=\"b\"}": 0])
        let top = try engine.instantQuery("topk(2, r)", atMs: 0).vectorValue ?? []
        #expect(top.map(\.value) == [10, 3])
        #expect(top.first?.labels.metricName == "r")
        #expect(try engine.instantQuery("bottomk(1, r)", atMs: 0).vectorValue?.map(\.value) == [1])
        #expect(try values(engine.instantQuery("quantile(0.5, r)", atMs: 0)) == ["{}": 3])
        #expect(try values(engine.instantQuery("count_values(\"v\", r)", atMs: 0)).count == 3)
    }

    @Test func histogramQuantileInterpolates() throws {
        func bucket(_ le: String, _ value: Double) -> (MetricLabels, [(Int64, Double)]) {
            (MetricLabels(name: "h_bucket", ["le": le, "job": "a"]), [(0, value)])
        }
        let engine = PromQLEngine(
            store: makeStore([bucket("0.1", 10), bucket("0.5", 30), bucket("1", 40), bucket("+Inf", 40)]))
        #expect(
            try approx(values(engine.instantQuery("histogram_quantile(0.5, h_bucket)", atMs: 0))["{job=\"a\"}"], 0.3))
        let p99 = try values(engine.instantQuery("histogram_quantile(0.99, h_bucket)", atMs: 0))["{job=\"a\"}"] ?? 0
        #expect(abs(p99 - 0.98) < 1e-12)
        #expect(
            HistogramQuantile.bucketQuantile(
                1, [.init(upperBound: 0.1, count: 10), .init(upperBound: .infinity, count: 20)]) == 0.1)
        #expect(HistogramQuantile.bucketQuantile(0.5, [.init(upperBound: 0.1, count: 10)]).isNaN)
        #expect(
            HistogramQuantile.bucketQuantile(
                0.5, [.init(upperBound: .infinity, count: 0), .init(upperBound: 1, count: 0)]
            ).isNaN)
        #expect(HistogramQuantile.bucketQuantile(2, [.init(upperBound: .infinity, count: 1)]) == .infinity)
    }

    @Test func overTimeFunctions() throws {
        let engine = PromQLEngine(
            store: makeStore([(MetricLabels(name: "g"), [(10_000, 1), (20_000, 5), (30_000, 3)])]))
        let at: Int64 = 30_000
        #expect(try values(engine.instantQuery("avg_over_time(g[1m])", atMs: at)) == ["{}": 3])
        #expect(try values(engine.instantQuery("sum_over_time(g[1m])", atMs: at)) == ["{}": 9])
        #expect(try values(engine.instantQuery("min_over_time(g[1m])", atMs: at)) == ["{}": 1])
        #expect(try values(engine.instantQuery("max_over_time(g[1m])", atMs: at)) == ["{}": 5])
        #expect(try values(engine.instantQuery("count_over_time(g[1m])", atMs: at)) == ["{}": 3])
        #expect(try values(engine.instantQuery("last_over_time(g[1m])", atMs: at)) == ["{}": 3])
        #expect(try values(engine.instantQuery("count_over_time(g[15s])", atMs: at)) == ["{}": 2])
        #expect(try values(engine.instantQuery("max_over_time(g[30s:10s])", atMs: at)) == ["{}": 5])
    }

    @Test func mathFunctionsAndScalars() throws {
        let engine = PromQLEngine(store: makeStore([(MetricLabels(name: "g", ["a": "1"]), [(0, -2.5)])]))
        #expect(try values(engine.instantQuery("abs(g)", atMs: 0)) == ["{a=\"1\"}": 2.5])
        #expect(try values(engine.instantQuery("ceil(g)", atMs: 0)) == ["{a=\"1\"}": -2])
        #expect(try values(engine.instantQuery("floor(g)", atMs: 0)) == ["{a=\"1\"}": -3])
        #expect(try values(engine.instantQuery("round(g)", atMs: 0)) == ["{a=\"1\"}": -2])
        #expect(try values(engine.instantQuery("round(g, 5)", atMs: 0)) == ["{a=\"1\"}": 0])
        #expect(try values(engine.instantQuery("clamp_min(g, 0)", atMs: 0)) == ["{a=\"1\"}": 0])
        #expect(try values(engine.instantQuery("clamp_max(g, -3)", atMs: 0)) == ["{a=\"1\"}": -3])
        #expect(try engine.instantQuery("time()", atMs: 12_500).scalarValue == 12.5)
        #expect(try values(engine.instantQuery("vector(2)", atMs: 0)) == ["{}": 2])
        #expect(try engine.instantQuery("scalar(g)", atMs: 0).scalarValue == -2.5)
        #expect(try engine.instantQuery("scalar(nothing)", atMs: 0).scalarValue?.isNaN == true)
        #expect(try values(engine.instantQuery("absent(nothing{job=\"x\"})", atMs: 0)) == ["{job=\"x\"}": 1])
        #expect(try engine.instantQuery("absent(g)", atMs: 0).vectorValue == [])
        #expect(try values(engine.instantQuery("-g", atMs: 0)) == ["{a=\"1\"}": 2.5])
        let replaced = try engine.instantQuery(#"label_replace(g, "b", "x-$1", "a", "(.*)")"#, atMs: 0).vectorValue
        #expect(replaced?.first?.labels["b"] == "x-1")
    }

    @Test func scalarVectorArithmeticAndComparison() throws {
        let store = makeStore([
            (MetricLabels(name: "m", ["i": "1"]), [(0, 1)]),
            (MetricLabels(name: "m", ["i": "2"]), [(0, 5)]),
        ])
        let engine = PromQLEngine(store: store)
        #expect(try values(engine.instantQuery("m * 2", atMs: 0)) == ["{i=\"1\"}": 2, "{i=\"2\"}": 10])
        #expect(try values(engine.instantQuery("10 - m", atMs: 0)) == ["{i=\"1\"}": 9, "{i=\"2\"}": 5])
        #expect(try values(engine.instantQuery("m > 2", atMs: 0)) == ["m{i=\"2\"}": 5])
        #expect(try values(engine.instantQuery("2 < m", atMs: 0)) == ["m{i=\"2\"}": 5])
        #expect(try values(engine.instantQuery("m > bool 2", atMs: 0)) == ["{i=\"1\"}": 0, "{i=\"2\"}": 1])
    }

    @Test func vectorMatchingOneToOneAndGroupLeft() throws {
        let store = makeStore([
            (MetricLabels(name: "errors", ["job": "a", "code": "500"]), [(0, 2)]),
            (MetricLabels(name: "errors", ["job": "b", "code": "500"]), [(0, 6)]),
            (MetricLabels(name: "requests", ["job": "a", "code": "500"]), [(0, 4)]),
            (MetricLabels(name: "requests", ["job": "b", "code": "500"]), [(0, 30)]),
            (MetricLabels(name: "total", ["job": "a"]), [(0, 8)]),
            (MetricLabels(name: "info", ["job": "a", "version": "v1"]), [(0, 1)]),
        ])
        let engine = PromQLEngine(store: store)
        #expect(
            try values(engine.instantQuery("errors / requests", atMs: 0)) == [
                "{code=\"500\", job=\"a\"}": 0.5, "{code=\"500\", job=\"b\"}": 0.2,
            ])
        #expect(try values(engine.instantQuery("errors / on(job) total", atMs: 0)) == ["{job=\"a\"}": 0.25])
        #expect(try values(engine.instantQuery("errors / ignoring(code) total", atMs: 0)) == ["{job=\"a\"}": 0.25])
        #expect(
            try values(engine.instantQuery("errors * on(job) group_left(version) info", atMs: 0)) == [
                "{code=\"500\", job=\"a\", version=\"v1\"}": 2
            ])
        #expect(
            try values(engine.instantQuery("errors > on(job, code) requests / 3", atMs: 0)) == [
                "{code=\"500\", job=\"a\"}": 2
            ])
        #expect(throws: PromQLError.self) { try engine.instantQuery("total + on() errors", atMs: 0) }
    }

    @Test func setOperators() throws {
        let store = makeStore([
            (MetricLabels(name: "a", ["x": "1"]), [(0, 1)]),
            (MetricLabels(name: "a", ["x": "2"]), [(0, 2)]),
            (MetricLabels(name: "b", ["x": "2"]), [(0, 20)]),
            (MetricLabels(name: "b", ["x": "3"]), [(0, 30)]),
        ])
        let engine = PromQLEngine(store: store)
        #expect(try values(engine.instantQuery("a and b", atMs: 0)) == ["a{x=\"2\"}": 2])
        #expect(try values(engine.instantQuery("a unless b", atMs: 0)) == ["a{x=\"1\"}": 1])
        #expect(
            try values(engine.instantQuery("a or b", atMs: 0)) == ["a{x=\"1\"}": 1, "a{x=\"2\"}": 2, "b{x=\"3\"}": 30])
    }

    @Test func rangeQueryProducesAMatrix() throws {
        let counter = MetricLabels(name: "c", ["job": "a"])
        let engine = PromQLEngine(store: makeStore([(counter, (0...12).map { (Int64($0) * 10_000, Double($0) * 10) })]))
        let result = try engine.rangeQuery("rate(c[1m])", startMs: 60_000, endMs: 120_000, stepMs: 30_000)
        #expect(result.resultType == "matrix")
        #expect(result.matrixValue?.count == 1)
        #expect(result.matrixValue?[0].points.map(\.timestampMs) == [60_000, 90_000, 120_000])
        #expect(result.matrixValue?[0].points.map(\.value) == [1, 1, 1])
        let raw = try engine.rangeQuery("c", startMs: 0, endMs: 20_000, stepMs: 10_000)
        #expect(raw.matrixValue?[0].labels.metricName == "c")
        #expect(throws: PromQLError.self) { try engine.rangeQuery("c[1m]", startMs: 0, endMs: 1, stepMs: 1) }
        #expect(throws: PromQLError.self) { try engine.rangeQuery("c", startMs: 0, endMs: 20_000_000, stepMs: 1) }
        let series = try engine.rawSeries("c{job=\"a\"}", startMs: 0, endMs: 20_000)
        #expect(series.first?.points.count == 3)
    }

    @Test func duplicateLabelsetsAfterDroppingNamesAreAnError() {
        let store = makeStore([
            (MetricLabels(name: "a"), [(0, 1), (10_000, 2)]), (MetricLabels(name: "b"), [(0, 1), (10_000, 2)]),
        ])
        let engine = PromQLEngine(store: store)
        #expect(throws: PromQLError.self) { try engine.instantQuery(#"rate({__name__=~"a|b"}[1m])"#, atMs: 10_000) }
    }
}
