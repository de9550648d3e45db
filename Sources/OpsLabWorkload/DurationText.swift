import Foundation

/// Parsing and printing of durations the way wrk's command line writes them: `500ms`, `30s`, `2m`, `1h`.
public enum DurationText {
    /// Parses `500ms`, `30s`, `1.5s`, `2m`, `1h`, `250us` or a bare number of seconds; nil when malformed or negative.
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 1e-3), ("us", 1e-6), ("s", 1), ("m", 60), ("h", 3600)]
        var scale = 1.0
        var number = Substring(trimmed)
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            scale = factor
            number = number.dropLast(suffix.count)
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let nanoseconds = (value * scale * 1e9).rounded()
        guard nanoseconds < 9.2e18 else { return nil }
        return .nanoseconds(Int64(nanoseconds))
    }

    /// A short form for headings: `30s`, `2m`, `500ms`, `1.5s`.
    public static func format(_ duration: Duration) -> String {
        let nanos = duration.nanoseconds
        if nanos % 3_600_000_000_000 == 0 && nanos > 0 { return "\(nanos / 3_600_000_000_000)h" }
        if nanos % 60_000_000_000 == 0 && nanos > 0 { return "\(nanos / 60_000_000_000)m" }
        if nanos % 1_000_000_000 == 0 { return "\(nanos / 1_000_000_000)s" }
        if nanos < 1_000_000_000 && nanos % 1_000_000 == 0 { return "\(nanos / 1_000_000)ms" }
        return String(format: "%.3gs", Double(nanos) / 1e9)
    }
}

extension Duration {
    /// The whole duration in nanoseconds (saturating at `Int64.max`).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product &+ attoseconds / 1_000_000_000
    }

    /// The duration in seconds, as a double.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
