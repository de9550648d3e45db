import Foundation

extension PromQLEvaluator {
    /// The range and offset of a range-vector argument (a matrix selector or a subquery).
    static func window(of argument: PromQLExpression) -> (rangeMs: Int64, offsetMs: Int64) {
        switch argument {
        case .matrixSelector(let selector, let range): return (range, selector.offsetMs)
        case .subquery(_, let range, _, let offset): return (range, offset)
        case .paren(let inner): return window(of: inner)
        default: return (0, 0)
        }
    }

    /// Applies a function of a range vector to each series; `nil` results are dropped. Drops `__name__`.
    func overRange(
        _ argument: PromQLExpression, at time: Int64, _ body: ([StoredSample]) -> Double?
    ) throws(PromQLError) -> EvalValue {
        guard case .matrix(let series) = try evaluate(argument, at: time) else { return .vector([]) }
        let out = series.compactMap { entry -> PromQLSample? in
            guard let value = body(entry.points) else { return nil }
            return PromQLSample(labels: entry.labels.droppingMetricName, timestampMs: time, value: value)
        }
        try Self.checkUnique(out)
        return .vector(out)
    }

    /// Prometheus's `extrapolatedRate`: the increase over the window, extrapolated towards its edges.
    static func extrapolatedRate(
        _ samples: [StoredSample], rangeStartMs: Int64, rangeEndMs: Int64, isCounter: Bool, isRate: Bool
    ) -> Double? {
        guard samples.count >= 2, let first = samples.first, let last = samples.last else { return nil }
        var result = last.value - first.value
        if isCounter {
            var previous = 0.0
            for sample in samples {
                if sample.value < previous { result += previous }
                previous = sample.value
            }
        }
        var durationToStart = Double(first.timestampMs - rangeStartMs) / 1000
        var durationToEnd = Double(rangeEndMs - last.timestampMs) / 1000
        let sampledInterval = Double(last.timestampMs - first.timestampMs) / 1000
        let averageBetweenSamples = sampledInterval / Double(samples.count - 1)
        let threshold = averageBetweenSamples * 1.1
        if durationToStart >= threshold { durationToStart = averageBetweenSamples / 2 }
        if isCounter && result > 0 && first.value >= 0 {
            let durationToZero = sampledInterval * (first.value / result)
            if durationToZero < durationToStart { durationToStart = durationToZero }
        }
        if durationToEnd >= threshold { durationToEnd = averageBetweenSamples / 2 }
        var factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval
        if isRate { factor /= Double(rangeEndMs - rangeStartMs) / 1000 }
        return result * factor
    }

    /// `irate` / `idelta`: from the last two samples.
    static func instantRate(_ samples: [StoredSample], isRate: Bool) -> Double? {
        guard samples.count >= 2 else { return nil }
        let last = samples[samples.count - 1]
        let previous = samples[samples.count - 2]
        var result = last.value - previous.value
        if isRate && last.value < previous.value { result = last.value }
        let interval = last.timestampMs - previous.timestampMs
        guard interval > 0 else { return nil }
        return isRate ? result / (Double(interval) / 1000) : result
    }

    /// Least-squares slope (per second) and intercept at `interceptTime`.
    static func linearRegression(
        _ samples: [StoredSample], interceptTimeMs: Int64
    ) -> (slope: Double, intercept: Double)? {
        guard samples.count >= 2 else { return nil }
        var n = 0.0, sumX = 0.0, sumY = 0.0, sumXY = 0.0, sumX2 = 0.0
        for sample in samples {
            let x = Double(sample.timestampMs - interceptTimeMs) / 1000
            n += 1
            sumX += x
            sumY += sample.value
            sumXY += x * sample.value
            sumX2 += x * x
        }
        let covariance = sumXY - sumX * sumY / n
        let variance = sumX2 - sumX * sumX / n
        guard variance != 0 else { return (0, sumY / n) }
        let slope = covariance / variance
        return (slope, sumY / n - slope * sumX / n)
    }

    /// Prometheus's `quantile`: linear interpolation between the closest ranks.
    static func quantile(_ q: Double, _ values: [Double]) -> Double {
        guard !values.isEmpty, !q.isNaN else { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        let sorted = values.sorted()
        let rank = q * Double(sorted.count - 1)
        let lower = max(0, Int(rank.rounded(.down)))
        let upper = min(sorted.count - 1, lower + 1)
        let weight = rank - Double(lower)
        return sorted[lower] * (1 - weight) + sorted[upper] * weight
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    static func variance(_ values: [Double]) -> Double {
        let average = mean(values)
        return values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(values.count)
    }

    /// Evaluates a `*_over_time` function or a rate-like function by name.
    func rangeFunction(_ name: String, _ arguments: [PromQLExpression], at time: Int64) throws(PromQLError) -> EvalValue
    {
        let argument = arguments[arguments.count - 1]
        let (range, offset) = Self.window(of: argument)
        let end = time - offset
        switch name {
        case "rate", "increase", "delta":
            return try overRange(argument, at: time) {
                Self.extrapolatedRate(
                    $0, rangeStartMs: end - range, rangeEndMs: end, isCounter: name != "delta", isRate: name == "rate")
            }
        case "irate", "idelta":
            return try overRange(argument, at: time) { Self.instantRate($0, isRate: name == "irate") }
        case "deriv":
            return try overRange(argument, at: time) {
                Self.linearRegression($0, interceptTimeMs: $0[0].timestampMs)?.slope
            }
        case "predict_linear":
            guard case .scalar(let seconds) = try evaluate(arguments[1], at: time) else { return .vector([]) }
            return try overRange(arguments[0], at: time) { samples in
                Self.linearRegression(samples, interceptTimeMs: time).map { $0.intercept + $0.slope * seconds }
            }
        case "changes":
            return try overRange(argument, at: time) { samples in
                Double(
                    zip(samples, samples.dropFirst()).filter {
                        $0.value != $1.value && !($0.value.isNaN && $1.value.isNaN)
                    }.count)
            }
        case "resets":
            return try overRange(argument, at: time) { samples in
                Double(zip(samples, samples.dropFirst()).filter { $1.value < $0.value }.count)
            }
        case "avg_over_time": return try overRange(argument, at: time) { Self.mean($0.map(\.value)) }
        case "sum_over_time": return try overRange(argument, at: time) { $0.reduce(0) { $0 + $1.value } }
        case "count_over_time": return try overRange(argument, at: time) { Double($0.count) }
        case "last_over_time": return try overRange(argument, at: time) { $0.last?.value }
        case "present_over_time": return try overRange(argument, at: time) { _ in 1 }
        case "min_over_time":
            return try overRange(argument, at: time) {
                $0.map(\.value).reduce(Double.nan) { $0.isNaN || $1 < $0 ? $1 : $0 }
            }
        case "max_over_time":
            return try overRange(argument, at: time) {
                $0.map(\.value).reduce(Double.nan) { $0.isNaN || $1 > $0 ? $1 : $0 }
            }
        case "stddev_over_time": return try overRange(argument, at: time) { sqrt(Self.variance($0.map(\.value))) }
        case "stdvar_over_time": return try overRange(argument, at: time) { Self.variance($0.map(\.value)) }
        case "quantile_over_time":
            guard case .scalar(let q) = try evaluate(arguments[0], at: time) else { return .vector([]) }
            return try overRange(argument, at: time) { Self.quantile(q, $0.map(\.value)) }
        case "absent_over_time":
            guard case .matrix(let series) = try evaluate(argument, at: time), series.isEmpty else {
                return .vector([])
            }
            return .vector([PromQLSample(labels: Self.absentLabels(argument), timestampMs: time, value: 1)])
        default:
            throw PromQLError.execution("function \"\(name)\" is not implemented")
        }
    }

    /// The labels `absent` reports: those of the selector's equality matchers, except `__name__`.
    static func absentLabels(_ argument: PromQLExpression) -> MetricLabels {
        let matchers: [LabelMatcher]
        switch argument {
        case .vectorSelector(let selector), .matrixSelector(let selector, _): matchers = selector.matchers
        case .paren(let inner): return absentLabels(inner)
        default: return MetricLabels()
        }
        var pairs: [(String, String)] = []
        var repeated: Set<String> = []
        for matcher in matchers where matcher.type == .equal && matcher.name != MetricLabels.metricNameLabel {
            if pairs.contains(where: { $0.0 == matcher.name }) { repeated.insert(matcher.name) }
            pairs.append((matcher.name, matcher.value))
        }
        return MetricLabels(pairs.filter { !repeated.contains($0.0) })
    }
}
