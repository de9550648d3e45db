/// Evaluates one parsed expression at given times; caches each selector's data for the whole query window.
final class PromQLEvaluator {
    let engine: PromQLEngine
    let stepMs: Int64
    private let fetchStartMs: Int64
    private let fetchEndMs: Int64
    private var cache: [Int: [StoredSeries]] = [:]

    init(engine: PromQLEngine, startMs: Int64, endMs: Int64, stepMs: Int64, expression: PromQLExpression) {
        self.engine = engine
        self.stepMs = stepMs
        let (back, forward) = Self.reach(expression, lookback: engine.lookbackDeltaMs, defaultStep: stepMs)
        fetchStartMs = startMs - back
        fetchEndMs = endMs + forward
    }

    /// How far before and after an evaluation time the expression reads data.
    static func reach(
        _ expression: PromQLExpression, lookback: Int64, defaultStep: Int64
    ) -> (back: Int64, forward: Int64) {
        func children(_ list: [PromQLExpression]) -> (Int64, Int64) {
            list.map { reach($0, lookback: lookback, defaultStep: defaultStep) }
                .reduce((0, 0)) { (max($0.0, $1.0), max($0.1, $1.1)) }
        }
        switch expression {
        case .number, .string: return (0, 0)
        case .vectorSelector(let selector): return (max(0, selector.offsetMs + lookback), max(0, -selector.offsetMs))
        case .matrixSelector(let selector, let range):
            return (max(0, selector.offsetMs + range), max(0, -selector.offsetMs))
        case .subquery(let inner, let range, _, let offset):
            let (back, forward) = reach(inner, lookback: lookback, defaultStep: defaultStep)
            return (max(0, back + range + offset), max(0, forward - offset))
        case .call(_, let arguments): return children(arguments)
        case .aggregate(_, let expr, let parameter, _, _): return children([expr] + (parameter.map { [$0] } ?? []))
        case .binary(_, let lhs, let rhs, _, _): return children([lhs, rhs])
        case .unary(_, let inner), .paren(let inner): return children([inner])
        }
    }

    func series(for selector: VectorSelector) -> [StoredSeries] {
        if let cached = cache[selector.id] { return cached }
        let fetched = engine.store.select(selector.matchers, startMs: fetchStartMs, endMs: fetchEndMs)
        cache[selector.id] = fetched
        return fetched
    }

    func evaluate(_ expression: PromQLExpression, at time: Int64) throws(PromQLError) -> EvalValue {
        switch expression {
        case .number(let value): return .scalar(value)
        case .string(let value): return .string(value)
        case .paren(let inner): return try evaluate(inner, at: time)
        case .vectorSelector(let selector): return .vector(instantSamples(selector, at: time))
        case .matrixSelector(let selector, let range): return .matrix(rangeSamples(selector, rangeMs: range, at: time))
        case .subquery(let inner, let range, let step, let offset):
            return .matrix(try subquery(inner, rangeMs: range, stepMs: step, offsetMs: offset, at: time))
        case .unary(let negate, let inner):
            let value = try evaluate(inner, at: time)
            guard negate else { return value }
            switch value {
            case .scalar(let number): return .scalar(-number)
            case .vector(let samples):
                return .vector(
                    samples.map {
                        PromQLSample(labels: $0.labels.droppingMetricName, timestampMs: time, value: -$0.value)
                    })
            default: return value
            }
        case .call(let name, let arguments): return try call(name, arguments, at: time)
        case .aggregate(let op, let expr, let parameter, let grouping, let without):
            return try aggregate(op, expr, parameter, grouping: grouping, without: without, at: time)
        case .binary(let op, let lhs, let rhs, let matching, let returnBool):
            return try binary(op, lhs, rhs, matching: matching, returnBool: returnBool, at: time)
        }
    }

    /// The newest non-stale sample of each series within the lookback window before `time - offset`.
    func instantSamples(_ selector: VectorSelector, at time: Int64) -> [PromQLSample] {
        let reference = time - selector.offsetMs
        let lowest = reference - engine.lookbackDeltaMs
        var out: [PromQLSample] = []
        for series in series(for: selector) {
            let index = Self.upperBound(series.samples, reference) - 1
            guard index >= 0 else { continue }
            let sample = series.samples[index]
            guard sample.timestampMs > lowest, !sample.isStale else { continue }
            out.append(PromQLSample(labels: series.labels, timestampMs: sample.timestampMs, value: sample.value))
        }
        return out
    }

    /// The non-stale samples of each series in `(time - offset - range, time - offset]`.
    func rangeSamples(_ selector: VectorSelector, rangeMs: Int64, at time: Int64) -> [PromQLSeries] {
        let end = time - selector.offsetMs
        let start = end - rangeMs
        var out: [PromQLSeries] = []
        for series in series(for: selector) {
            let from = Self.upperBound(series.samples, start)
            let to = Self.upperBound(series.samples, end)
            guard from < to else { continue }
            let points = series.samples[from..<to].filter { !$0.isStale }
            if !points.isEmpty { out.append(PromQLSeries(labels: series.labels, points: points)) }
        }
        return out
    }

    func subquery(
        _ inner: PromQLExpression, rangeMs: Int64, stepMs: Int64, offsetMs: Int64, at time: Int64
    ) throws(PromQLError) -> [PromQLSeries] {
        let step = stepMs > 0 ? stepMs : (self.stepMs > 0 ? self.stepMs : 60_000)
        let end = time - offsetMs
        let start = end - rangeMs
        var first = start - (start % step + step) % step
        if first <= start { first += step }
        var points: [MetricLabels: [StoredSample]] = [:]
        var order: [MetricLabels] = []
        var current = first
        while current <= end {
            let samples: [PromQLSample]
            switch try evaluate(inner, at: current) {
            case .vector(let vector): samples = vector
            case .scalar(let value):
                samples = [PromQLSample(labels: MetricLabels(), timestampMs: current, value: value)]
            default: samples = []
            }
            for sample in samples {
                if points[sample.labels] == nil { order.append(sample.labels) }
                points[sample.labels, default: []].append(StoredSample(timestampMs: current, value: sample.value))
            }
            current += step
        }
        return order.map { PromQLSeries(labels: $0, points: points[$0] ?? []) }
    }

    /// The first index whose timestamp is greater than `time`.
    static func upperBound(_ samples: [StoredSample], _ time: Int64) -> Int {
        var low = 0
        var high = samples.count
        while low < high {
            let mid = (low + high) / 2
            if samples[mid].timestampMs <= time { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Throws Prometheus's error when a function's output has two samples with one label set.
    static func checkUnique(_ samples: [PromQLSample]) throws(PromQLError) {
        var seen: Set<MetricLabels> = []
        for sample in samples where !seen.insert(sample.labels).inserted {
            throw PromQLError.execution("vector cannot contain metrics with the same labelset")
        }
    }
}
