import Foundation

/// One metric family in the Prometheus text format (version 0.0.4), as the Go client writes it.
public struct PrometheusFamily: Sendable, Equatable {
    /// One sample: labels, value and an optional timestamp in milliseconds.
    public struct Sample: Sendable, Equatable {
        /// Label names and values; written sorted by name.
        public var labels: [String: String]
        /// The value.
        public var value: Double
        /// Milliseconds since the epoch, if the sample carries its own time.
        public var timestamp: Int64?

        /// Creates a sample.
        public init(labels: [String: String], value: Double, timestamp: Int64? = nil) {
            self.labels = labels
            self.value = value
            self.timestamp = timestamp
        }
    }

    /// The metric name.
    public var name: String
    /// The `# HELP` text.
    public var help: String
    /// `counter` or `gauge`.
    public var type: String
    /// The samples.
    public var samples: [Sample]

    /// Creates a family.
    public init(name: String, help: String, type: String, samples: [Sample] = []) {
        self.name = name
        self.help = help
        self.type = type
        self.samples = samples
    }
}

/// Writes metric families as the Prometheus Go client does: families sorted by name, samples sorted by their
/// label values, labels sorted by name, values in Go's shortest `%g` form (`1.2345678e+07`).
public enum PrometheusText {
    /// The content type of the text format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Renders families (empty ones are left out).
    public static func render(_ families: [PrometheusFamily]) -> String {
        var text = ""
        for family in families.sorted(by: { $0.name < $1.name }) where !family.samples.isEmpty {
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.type)\n"
            let lines = family.samples.map { sample -> (key: [String], line: String) in
                let names = sample.labels.keys.sorted()
                let labels = names.map { "\($0)=\"\(escapeLabel(sample.labels[$0] ?? ""))\"" }.joined(separator: ",")
                var line = family.name + (labels.isEmpty ? "" : "{\(labels)}") + " " + formatValue(sample.value)
                if let timestamp = sample.timestamp { line += " \(timestamp)" }
                return (names.map { sample.labels[$0] ?? "" }, line)
            }
            for entry in lines.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) { text += entry.line + "\n" }
        }
        return text
    }

    /// Go's `strconv.FormatFloat(value, 'g', -1, 64)`: the shortest digits that round-trip, in `%e` form when the
    /// decimal exponent is below -4 or at least 6 (`1e+06`, `1.7e+09`, `123456`, `0.25`), `+Inf`, `-Inf`, `NaN`.
    public static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let (digits, exponent) = shortestDigits(abs(value))
        let sign = value < 0 ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
            let magnitude = abs(exponent)
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + "\(magnitude)"
        }
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        if digits.count <= exponent + 1 {
            return sign + digits + String(repeating: "0", count: exponent + 1 - digits.count)
        }
        let split = digits.index(digits.startIndex, offsetBy: exponent + 1)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The shortest round-tripping decimal digits of a positive finite value (no leading or trailing zeros) and the
    /// exponent of its first digit, from Swift's own shortest representation.
    static func shortestDigits(_ value: Double) -> (digits: String, exponent: Int) {
        let text = "\(value)"
        let parts = text.split(separator: "e")
        var exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(pieces[0])
        let fraction = pieces.count > 1 ? String(pieces[1]) : ""
        var digits = whole + fraction
        exponent += whole.count - 1
        while digits.first == "0" {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        return (digits.isEmpty ? "0" : digits, exponent)
    }

    static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func escapeLabel(_ text: String) -> String {
        escapeHelp(text).replacingOccurrences(of: "\"", with: "\\\"")
    }
}
