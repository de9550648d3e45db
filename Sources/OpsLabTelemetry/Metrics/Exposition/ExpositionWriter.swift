/// Writes metric families in the Prometheus text exposition format 0.0.4.
///
/// Each family gets its `# HELP` (if any) and `# TYPE` line, then its samples; label values and help text
/// are escaped, values print as Prometheus prints them (`NaN`, `+Inf`, `-Inf`, shortest decimal digits).
public enum ExpositionWriter {
    /// The `Content-Type` of the format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The exposition text of `families`, ending with a newline when not empty.
    public static func write(_ families: [MetricFamily]) -> String {
        var out = ""
        for family in families {
            if let help = family.help {
                out += "# HELP \(family.name) \(escapeHelp(help))\n"
            }
            out += "# TYPE \(family.name) \(family.type.rawValue)\n"
            for sample in family.samples {
                out += line(for: sample)
                out += "\n"
            }
        }
        return out
    }

    /// One sample line without its newline, e.g. `http_requests_total{code="200"} 3 1700000000000`.
    public static func line(for sample: ExpositionSample) -> String {
        var out = sample.labels.metricName ?? ""
        let rest = sample.labels.labels.filter { $0.name != MetricLabels.metricNameLabel }
        if !rest.isEmpty {
            out += "{"
            out += rest.map { "\($0.name)=\"\(MetricLabels.escape($0.value))\"" }.joined(separator: ",")
            out += "}"
        }
        out += " "
        out += SampleValueFormat.format(sample.value)
        if let timestamp = sample.timestampMs {
            out += " \(timestamp)"
        }
        return out
    }

    private static func escapeHelp(_ help: String) -> String {
        var out = ""
        for character in help {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
