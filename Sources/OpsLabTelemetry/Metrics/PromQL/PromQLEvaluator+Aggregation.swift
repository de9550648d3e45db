import Foundation

extension PromQLEvaluator {
    func aggregate(
        _ op: String, _ expr: PromQLExpression, _ parameter: PromQLExpression?, grouping: [String], without: Bool,
        at time: Int64
    ) throws(PromQLError) -> EvalValue {
        let samples = try vector(expr, at: time)
        let names = Set(grouping)
        func key(_ labels: MetricLabels) -> MetricLabels {
            without ? labels.removing(names.union([MetricLabels.metricNameLabel])) : labels.keeping(names)
        }
        if op == "count_values" {
            let label = try string(parameter!, at: time)
            guard ExpositionParser.isValidLabelName(label) else {
                throw PromQLError(kind: .badData, message: "invalid label name \"\(label)\"")
            }
            var counts: [MetricLabels: Double] = [:]
            var order: [MetricLabels] = []
            for sample in samples {
                let group = key(sample.labels).setting(label, to: SampleValueFormat.format(sample.value))
                if counts[group] == nil { order.append(group) }
                counts[group, default: 0] += 1
            }
            return .vector(order.map { PromQLSample(labels: $0, timestampMs: time, value: counts[$0] ?? 0) })
        }
        var groups: [MetricLabels: [PromQLSample]] = [:]
        var order: [MetricLabels] = []
        for sample in samples {
            let group = key(sample.labels)
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(sample)
        }
        if op == "topk" || op == "bottomk" {
            let k = Int(try scalar(parameter!, at: time).rounded(.down))
            guard k >= 1 else { return .vector([]) }
            var out: [PromQLSample] = []
            for group in order {
                let members = groups[group] ?? []
                let ranked = members.sorted { lhs, rhs in
                    if lhs.value.isNaN { return false }
                    if rhs.value.isNaN { return true }
                    return op == "topk" ? lhs.value > rhs.value : lhs.value < rhs.value
                }
                out += ranked.prefix(k).map { PromQLSample(labels: $0.labels, timestampMs: time, value: $0.value) }
            }
            return .vector(out)
        }
        let q = op == "quantile" ? try scalar(parameter!, at: time) : 0
        return .vector(
            order.map { group in
                let values = (groups[group] ?? []).map(\.value)
                return PromQLSample(labels: group, timestampMs: time, value: Self.reduce(op, values, q: q))
            })
    }

    /// The aggregate of a non-empty group's values.
    static func reduce(_ op: String, _ values: [Double], q: Double) -> Double {
        switch op {
        case "sum": return values.reduce(0, +)
        case "avg": return mean(values)
        case "count": return Double(values.count)
        case "group": return 1
        case "min": return values.reduce(Double.nan) { $0.isNaN || $1 < $0 ? $1 : $0 }
        case "max": return values.reduce(Double.nan) { $0.isNaN || $1 > $0 ? $1 : $0 }
        case "stddev": return sqrt(variance(values))
        case "stdvar": return variance(values)
        case "quantile": return quantile(q, values)
        default: return .nan
        }
    }
}
