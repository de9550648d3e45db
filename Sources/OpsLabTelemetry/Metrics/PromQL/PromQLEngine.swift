/// Evaluates PromQL over a ``TimeSeriesStore`` with Prometheus's semantics.
///
/// Instant selectors look back ``lookbackDeltaMs`` (5 m) for the newest sample and a stale marker ends a
/// series; `rate`/`increase`/`delta` extrapolate as Prometheus does and handle counter resets; functions and
/// arithmetic drop `__name__`. A range query evaluates the expression at every step from start to end.
public struct PromQLEngine: Sendable {
    /// The store queried.
    public let store: TimeSeriesStore
    /// How far an instant selector looks back for a sample (ms). Default 5 minutes.
    public var lookbackDeltaMs: Int64
    /// The most points a range query may return per series. Default 11 000, as in Prometheus.
    public var maxPointsPerSeries: Int

    /// An engine over a store.
    public init(store: TimeSeriesStore, lookbackDeltaMs: Int64 = 300_000, maxPointsPerSeries: Int = 11_000) {
        self.store = store
        self.lookbackDeltaMs = lookbackDeltaMs
        self.maxPointsPerSeries = maxPointsPerSeries
    }

    /// Evaluates `query` at `timeMs`; the result is a vector, scalar, string or (for a range selector) matrix.
    public func instantQuery(_ query: String, atMs timeMs: Int64) throws(PromQLError) -> PromQLValue {
        let expression = try PromQLParser.parse(query)
        let evaluator = PromQLEvaluator(engine: self, startMs: timeMs, endMs: timeMs, stepMs: 0, expression: expression)
        switch try evaluator.evaluate(expression, at: timeMs) {
        case .scalar(let value): return .scalar(value, timestampMs: timeMs)
        case .string(let value): return .string(value, timestampMs: timeMs)
        case .vector(let samples):
            return .vector(Self.preservesOrder(expression) ? samples : samples.sorted { $0.labels < $1.labels })
        case .matrix(let series): return .matrix(series.sorted { $0.labels < $1.labels })
        }
    }

    /// Evaluates `query` at every `stepMs` from `startMs` through `endMs`; the result is a matrix sorted by labels.
    ///
    /// The expression must be a scalar or an instant vector; more than ``maxPointsPerSeries`` steps is an error.
    public func rangeQuery(
        _ query: String, startMs: Int64, endMs: Int64, stepMs: Int64
    ) throws(PromQLError) -> PromQLValue {
        guard stepMs > 0 else {
            throw PromQLError(
                kind: .badData,
                message: "zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        guard endMs >= startMs else {
            throw PromQLError(kind: .badData, message: "end timestamp must not be before start time")
        }
        guard (endMs - startMs) / stepMs <= Int64(maxPointsPerSeries) else {
            throw PromQLError(
                kind: .badData,
                message:
                    "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
            )
        }
        let expression = try PromQLParser.parse(query)
        guard expression.valueType == .scalar || expression.valueType == .vector else {
            throw PromQLError(
                kind: .badData,
                message:
                    "invalid expression type \"\(expression.valueType.rawValue)\" for range query, must be Scalar or instant Vector"
            )
        }
        let evaluator = PromQLEvaluator(
            engine: self, startMs: startMs, endMs: endMs, stepMs: stepMs, expression: expression)
        var points: [MetricLabels: [StoredSample]] = [:]
        var time = startMs
        while time <= endMs {
            switch try evaluator.evaluate(expression, at: time) {
            case .scalar(let value):
                points[MetricLabels(), default: []].append(StoredSample(timestampMs: time, value: value))
            case .vector(let samples):
                for sample in samples {
                    points[sample.labels, default: []].append(StoredSample(timestampMs: time, value: sample.value))
                }
            case .string, .matrix:
                throw PromQLError.execution("range query expression must be a scalar or an instant vector")
            }
            time += stepMs
        }
        return .matrix(points.map { PromQLSeries(labels: $0.key, points: $0.value) }.sorted { $0.labels < $1.labels })
    }

    /// The raw samples of the series matching a selector such as `http_requests_total{job="geo"}` in
    /// `[startMs, endMs]`, without stale markers — what `get_metrics` shows per metric.
    public func rawSeries(_ selector: String, startMs: Int64, endMs: Int64) throws(PromQLError) -> [PromQLSeries] {
        guard case .vectorSelector(let parsed) = try PromQLParser.parse(selector) else {
            throw PromQLError(kind: .badData, message: "expected a vector selector, got \"\(selector)\"")
        }
        return store.select(parsed.matchers, startMs: startMs, endMs: endMs).compactMap { series in
            let points = series.samples.filter { !$0.isStale }
            return points.isEmpty ? nil : PromQLSeries(labels: series.labels, points: points)
        }
    }

    static func preservesOrder(_ expression: PromQLExpression) -> Bool {
        switch expression {
        case .call(let name, _): return name == "sort" || name == "sort_desc"
        case .aggregate(let op, _, _, _, _): return op == "topk" || op == "bottomk"
        case .paren(let inner): return preservesOrder(inner)
        default: return false
        }
    }
}
