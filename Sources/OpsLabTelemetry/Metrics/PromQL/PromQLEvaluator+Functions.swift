import Foundation

extension PromQLEvaluator {
    func call(_ name: String, _ arguments: [PromQLExpression], at time: Int64) throws(PromQLError) -> EvalValue {
        if let signature = PromQLFunctions.signatures[name], signature.arguments.contains(.matrix) {
            return try rangeFunction(name, arguments, at: time)
        }
        switch name {
        case "time": return .scalar(Double(time) / 1000)
        case "vector":
            let value = try scalar(arguments[0], at: time)
            return .vector([PromQLSample(labels: MetricLabels(), timestampMs: time, value: value)])
        case "scalar":
            let samples = try vector(arguments[0], at: time)
            return .scalar(samples.count == 1 ? samples[0].value : .nan)
        case "absent":
            guard try vector(arguments[0], at: time).isEmpty else { return .vector([]) }
            return .vector([PromQLSample(labels: Self.absentLabels(arguments[0]), timestampMs: time, value: 1)])
        case "abs": return try mapValues(arguments[0], at: time) { abs($0) }
        case "ceil": return try mapValues(arguments[0], at: time) { $0.rounded(.up) }
        case "floor": return try mapValues(arguments[0], at: time) { $0.rounded(.down) }
        case "exp": return try mapValues(arguments[0], at: time) { Foundation.exp($0) }
        case "ln": return try mapValues(arguments[0], at: time) { Foundation.log($0) }
        case "log2": return try mapValues(arguments[0], at: time) { Foundation.log2($0) }
        case "log10": return try mapValues(arguments[0], at: time) { Foundation.log10($0) }
        case "sqrt": return try mapValues(arguments[0], at: time) { $0.squareRoot() }
        case "sgn": return try mapValues(arguments[0], at: time) { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }
        case "round":
            let nearest = arguments.count > 1 ? try scalar(arguments[1], at: time) : 1
            let inverse = 1 / nearest
            return try mapValues(arguments[0], at: time) { ($0 * inverse + 0.5).rounded(.down) / inverse }
        case "clamp_min":
            let minimum = try scalar(arguments[1], at: time)
            return try mapValues(arguments[0], at: time) { Swift.max($0, minimum) }
        case "clamp_max":
            let maximum = try scalar(arguments[1], at: time)
            return try mapValues(arguments[0], at: time) { Swift.min($0, maximum) }
        case "clamp":
            let minimum = try scalar(arguments[1], at: time)
            let maximum = try scalar(arguments[2], at: time)
            if maximum < minimum { return .vector([]) }
            return try mapValues(arguments[0], at: time) { Swift.max(minimum, Swift.min(maximum, $0)) }
        case "timestamp":
            let samples = try vector(arguments[0], at: time)
            let out = samples.map {
                PromQLSample(
                    labels: $0.labels.droppingMetricName, timestampMs: time, value: Double($0.timestampMs) / 1000)
            }
            try Self.checkUnique(out)
            return .vector(out)
        case "sort", "sort_desc":
            let descending = name == "sort_desc"
            return .vector(
                try vector(arguments[0], at: time).sorted { lhs, rhs in
                    if lhs.value.isNaN { return false }
                    if rhs.value.isNaN { return true }
                    return descending ? lhs.value > rhs.value : lhs.value < rhs.value
                })
        case "histogram_quantile":
            let q = try scalar(arguments[0], at: time)
            return .vector(HistogramQuantile.evaluate(q, try vector(arguments[1], at: time), at: time))
        case "label_replace": return try labelReplace(arguments, at: time)
        case "label_join": return try labelJoin(arguments, at: time)
        default: throw PromQLError.execution("function \"\(name)\" is not implemented")
        }
    }

    func scalar(_ expression: PromQLExpression, at time: Int64) throws(PromQLError) -> Double {
        guard case .scalar(let value) = try evaluate(expression, at: time) else { return .nan }
        return value
    }

    func vector(_ expression: PromQLExpression, at time: Int64) throws(PromQLError) -> [PromQLSample] {
        guard case .vector(let samples) = try evaluate(expression, at: time) else { return [] }
        return samples
    }

    func string(_ expression: PromQLExpression, at time: Int64) throws(PromQLError) -> String {
        guard case .string(let value) = try evaluate(expression, at: time) else { return "" }
        return value
    }

    func mapValues(
        _ argument: PromQLExpression, at time: Int64, _ body: (Double) -> Double
    ) throws(PromQLError) -> EvalValue {
        let out = try vector(argument, at: time).map {
            PromQLSample(labels: $0.labels.droppingMetricName, timestampMs: time, value: body($0.value))
        }
        try Self.checkUnique(out)
        return .vector(out)
    }

    func labelReplace(_ arguments: [PromQLExpression], at time: Int64) throws(PromQLError) -> EvalValue {
        let destination = try string(arguments[1], at: time)
        let replacement = try string(arguments[2], at: time)
        let source = try string(arguments[3], at: time)
        let pattern = try string(arguments[4], at: time)
        guard ExpositionParser.isValidLabelName(destination) else {
            throw PromQLError(
                kind: .badData, message: "invalid destination label name in label_replace(): \(destination)")
        }
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: "^(?:" + pattern + ")$", options: [.dotMatchesLineSeparators])
        } catch {
            throw PromQLError(kind: .badData, message: "invalid regular expression in label_replace(): \(pattern)")
        }
        let out = try vector(arguments[0], at: time).map { sample -> PromQLSample in
            let value = sample.labels[source] ?? ""
            let range = NSRange(value.startIndex..<value.endIndex, in: value)
            guard let match = regex.firstMatch(in: value, options: [], range: range) else { return sample }
            let expanded = Self.expand(replacement, match: match, in: value, regex: regex)
            var copy = sample
            copy.labels = sample.labels.setting(destination, to: expanded)
            return copy
        }
        try Self.checkUnique(out)
        return .vector(out)
    }

    /// Expands `$1`, `${1}` and `${name}` in a label_replace replacement.
    static func expand(
        _ template: String, match: NSTextCheckingResult, in value: String, regex: NSRegularExpression
    ) -> String {
        func group(_ reference: String) -> String {
            let range: NSRange
            if let number = Int(reference) {
                guard number <= regex.numberOfCaptureGroups else { return "" }
                range = match.range(at: number)
            } else {
                range = match.range(withName: reference)
            }
            guard range.location != NSNotFound, let swiftRange = Range(range, in: value) else { return "" }
            return String(value[swiftRange])
        }
        var out = ""
        var characters = Substring(template)
        while let character = characters.first {
            characters.removeFirst()
            guard character == "$", let next = characters.first else {
                out.append(character)
                continue
            }
            if next == "$" {
                out.append("$")
                characters.removeFirst()
            } else if next == "{", let close = characters.firstIndex(of: "}") {
                out += group(String(characters[characters.index(after: characters.startIndex)..<close]))
                characters = characters[characters.index(after: close)...]
            } else {
                let name = characters.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                out += group(String(name))
                characters = characters.dropFirst(name.count)
            }
        }
        return out
    }

    func labelJoin(_ arguments: [PromQLExpression], at time: Int64) throws(PromQLError) -> EvalValue {
        let destination = try string(arguments[1], at: time)
        let separator = try string(arguments[2], at: time)
        var sources: [String] = []
        for argument in arguments.dropFirst(3) { sources.append(try string(argument, at: time)) }
        let out = try vector(arguments[0], at: time).map { sample -> PromQLSample in
            var copy = sample
            copy.labels = sample.labels.setting(
                destination, to: sources.map { sample.labels[$0] ?? "" }.joined(separator: separator))
            return copy
        }
        try Self.checkUnique(out)
        return .vector(out)
    }
}
