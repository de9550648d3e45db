import Foundation

extension PromQLEvaluator {
    static let comparisonOperators: Set<String> = ["==", "!=", "<", ">", "<=", ">="]

    /// Applies an arithmetic or comparison operator; for comparisons the result is 1 or 0.
    static func apply(_ op: String, _ lhs: Double, _ rhs: Double) -> Double {
        switch op {
        case "+": return lhs + rhs
        case "-": return lhs - rhs
        case "*": return lhs * rhs
        case "/": return lhs / rhs
        case "%": return fmod(lhs, rhs)
        case "^": return pow(lhs, rhs)
        case "atan2": return atan2(lhs, rhs)
        case "==": return lhs == rhs ? 1 : 0
        case "!=": return lhs != rhs ? 1 : 0
        case "<": return lhs < rhs ? 1 : 0
        case ">": return lhs > rhs ? 1 : 0
        case "<=": return lhs <= rhs ? 1 : 0
        case ">=": return lhs >= rhs ? 1 : 0
        default: return .nan
        }
    }

    func binary(
        _ op: String, _ lhsExpression: PromQLExpression, _ rhsExpression: PromQLExpression, matching: VectorMatching,
        returnBool: Bool, at time: Int64
    ) throws(PromQLError) -> EvalValue {
        let lhs = try evaluate(lhsExpression, at: time)
        let rhs = try evaluate(rhsExpression, at: time)
        let comparison = Self.comparisonOperators.contains(op)
        switch (lhs, rhs) {
        case (.scalar(let left), .scalar(let right)):
            return .scalar(Self.apply(op, left, right))
        case (.vector(let samples), .scalar(let right)):
            return .vector(
                Self.vectorScalar(
                    op, samples, right, scalarOnLeft: false, returnBool: returnBool, comparison: comparison, time))
        case (.scalar(let left), .vector(let samples)):
            return .vector(
                Self.vectorScalar(
                    op, samples, left, scalarOnLeft: true, returnBool: returnBool, comparison: comparison, time))
        case (.vector(let left), .vector(let right)):
            switch op {
            case "and", "or", "unless": return .vector(Self.setOperation(op, left, right, matching))
            default:
                return .vector(
                    try Self.vectorVector(
                        op, left, right, matching, returnBool: returnBool, comparison: comparison, time))
            }
        default:
            throw PromQLError.execution("binary expression must contain only scalar and instant vector types")
        }
    }

    static func vectorScalar(
        _ op: String, _ samples: [PromQLSample], _ scalar: Double, scalarOnLeft: Bool, returnBool: Bool,
        comparison: Bool, _ time: Int64
    ) -> [PromQLSample] {
        samples.compactMap { sample in
            let result = scalarOnLeft ? apply(op, scalar, sample.value) : apply(op, sample.value, scalar)
            if comparison && !returnBool {
                guard result == 1 else { return nil }
                return PromQLSample(labels: sample.labels, timestampMs: time, value: sample.value)
            }
            return PromQLSample(labels: sample.labels.droppingMetricName, timestampMs: time, value: result)
        }
    }

    /// The matching signature of a label set: the `on` labels, or all but the `ignoring` labels and `__name__`.
    static func signature(_ labels: MetricLabels, _ matching: VectorMatching) -> MetricLabels {
        matching.on
            ? labels.keeping(Set(matching.labels))
            : labels.removing(Set(matching.labels).union([MetricLabels.metricNameLabel]))
    }

    static func setOperation(
        _ op: String, _ lhs: [PromQLSample], _ rhs: [PromQLSample], _ matching: VectorMatching
    ) -> [PromQLSample] {
        let rightSignatures = Set(rhs.map { signature($0.labels, matching) })
        switch op {
        case "and": return lhs.filter { rightSignatures.contains(signature($0.labels, matching)) }
        case "unless": return lhs.filter { !rightSignatures.contains(signature($0.labels, matching)) }
        default:
            let leftSignatures = Set(lhs.map { signature($0.labels, matching) })
            return lhs + rhs.filter { !leftSignatures.contains(signature($0.labels, matching)) }
        }
    }

    static func vectorVector(
        _ op: String, _ lhs: [PromQLSample], _ rhs: [PromQLSample], _ matching: VectorMatching, returnBool: Bool,
        comparison: Bool, _ time: Int64
    ) throws(PromQLError) -> [PromQLSample] {
        let swapped = matching.cardinality == .oneToMany
        let many = swapped ? rhs : lhs
        let one = swapped ? lhs : rhs
        var oneBySignature: [MetricLabels: PromQLSample] = [:]
        for sample in one {
            let key = signature(sample.labels, matching)
            if oneBySignature[key] != nil {
                let side = swapped ? "left" : "right"
                throw PromQLError.execution(
                    "found duplicate series for the match group \(key) on the \(side) hand-side of the operation: [\(oneBySignature[key]!.labels), \(sample.labels)];many-to-many matching not allowed: matching labels must be unique on one side"
                )
            }
            oneBySignature[key] = sample
        }
        var matchedSignatures: Set<MetricLabels> = []
        var produced: Set<MetricLabels> = []
        var out: [PromQLSample] = []
        for sample in many {
            let key = signature(sample.labels, matching)
            guard let partner = oneBySignature[key] else { continue }
            let (left, right) = swapped ? (partner.value, sample.value) : (sample.value, partner.value)
            var value = apply(op, left, right)
            if comparison && !returnBool {
                guard value == 1 else { continue }
                value = left
            }
            if matching.cardinality == .oneToOne {
                guard matchedSignatures.insert(key).inserted else {
                    throw PromQLError.execution(
                        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
                }
            }
            let labels = resultLabels(sample.labels, partner.labels, matching, dropName: !comparison || returnBool)
            guard produced.insert(labels).inserted else {
                throw PromQLError.execution("multiple matches for labels: grouping labels must ensure unique matches")
            }
            out.append(PromQLSample(labels: labels, timestampMs: time, value: value))
        }
        return out
    }

    /// Prometheus's `resultMetric`: the "many" side's labels, reduced for one-to-one matching, plus the
    /// `group_left`/`group_right` labels copied from the "one" side.
    static func resultLabels(
        _ many: MetricLabels, _ one: MetricLabels, _ matching: VectorMatching, dropName: Bool
    ) -> MetricLabels {
        var labels = dropName ? many.droppingMetricName : many
        if matching.cardinality == .oneToOne {
            labels = matching.on ? labels.keeping(Set(matching.labels)) : labels.removing(Set(matching.labels))
        }
        for name in matching.include {
            labels = labels.setting(name, to: one[name])
        }
        return labels
    }
}
