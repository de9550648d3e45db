import Foundation

/// A `query_metrics` observation read back into series, so a check can ask "which pods" or "how much" instead
/// of grepping text.
///
/// `query_metrics` answers one line per series, `name{a="1", b="2"} => 0.5 @1700000000.000, …` (a scalar as
/// `scalar => 1 @…`), `(empty vector result: no series match)` when nothing matched, or a line starting with
/// `Error:` when the query failed.
public struct EvidenceQueryAnswer: Sendable, Equatable {
    /// One series of the answer.
    public struct Series: Sendable, Equatable {
        /// The metric name (`__name__`), empty for aggregated or computed series.
        public var name: String
        /// The labels other than the name.
        public var labels: [String: String]
        /// The sample values, oldest first (one for an instant query).
        public var values: [Double]

        /// Creates a series.
        public init(name: String, labels: [String: String], values: [Double]) {
            self.name = name
            self.labels = labels
            self.values = values
        }
    }

    /// The series, in the answer's order.
    public var series: [Series]
    /// The error text when the query failed, else `nil`.
    public var error: String?

    /// Creates an answer.
    public init(series: [Series], error: String? = nil) {
        self.series = series
        self.error = error
    }

    /// Whether the query matched nothing (and did not fail).
    public var isEmpty: Bool { error == nil && series.isEmpty }

    /// The values of one label across the series, sorted and without repeats (e.g. the pods that match).
    public func values(of label: String) -> [String] {
        Array(Set(series.compactMap { $0.labels[label] })).sorted()
    }

    /// Reads a `query_metrics` observation.
    public static func parse(_ text: String) -> EvidenceQueryAnswer {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("Error") { return EvidenceQueryAnswer(series: [], error: trimmed) }
        var series: [Series] = []
        for line in trimmed.split(separator: "\n") {
            guard let arrow = line.range(of: " => ") else { continue }
            let head = line[..<arrow.lowerBound]
            let values = line[arrow.upperBound...].split(separator: ",").compactMap { sample -> Double? in
                let text = sample.trimmingCharacters(in: .whitespaces)
                return Double(text.split(separator: " ").first.map(String.init) ?? "")
            }
            if let brace = head.firstIndex(of: "{"), head.hasSuffix("}") {
                let inner = head[head.index(after: brace)..<head.index(before: head.endIndex)]
                series.append(Series(name: String(head[..<brace]), labels: labels(String(inner)), values: values))
            } else {
                series.append(Series(name: "", labels: [:], values: values))
            }
        }
        return EvidenceQueryAnswer(series: series)
    }

    /// `a="1", b="2"` as a dictionary; a value ends at a quote followed by `, ` or the end.
    static func labels(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(text)
        while let equals = rest.range(of: "=\"") {
            let key = rest[..<equals.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: ", "))
            let valueStart = equals.upperBound
            var end = rest.endIndex
            var search = valueStart
            while let quote = rest[search...].firstIndex(of: "\"") {
                let after = rest.index(after: quote)
                if after == rest.endIndex || rest[after...].hasPrefix(", ") {
                    end = quote
                    break
                }
                search = after
            }
            result[key] = String(rest[valueStart..<end])
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
        }
        return result
    }
}
