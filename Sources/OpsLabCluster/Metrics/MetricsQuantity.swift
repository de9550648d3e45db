import Foundation

/// How metrics-server writes usage: CPU in nanocores and memory in bytes as canonical Kubernetes quantities, and
/// windows as Go durations.
enum MetricsQuantity {
    /// CPU cores as `resource.NewScaledQuantity(nanocores, -9)` prints: `12345678n`, `1m`, `2`, `0`.
    static func cpu(cores: Double) -> String {
        var value = Int64(max(cores, 0) * 1e9)
        guard value != 0 else { return "0" }
        let suffixes = ["n", "u", "m", ""]
        var index = 0
        while index < suffixes.count - 1 && value % 1000 == 0 {
            value /= 1000
            index += 1
        }
        return "\(value)\(suffixes[index])"
    }

    /// Bytes as `resource.NewQuantity(bytes, BinarySI)` prints: `512`, `1Ki`, `12345Ki`, `2Mi`.
    static func memory(bytes: Int64) -> String {
        var value = max(bytes, 0)
        guard value != 0 else { return "0" }
        let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
        var index = 0
        while index < suffixes.count - 1 && value % 1024 == 0 {
            value /= 1024
            index += 1
        }
        return "\(value)\(suffixes[index])"
    }

    /// Go's `time.Duration.String()` for a non-negative number of seconds (nanosecond precision): `20.064s`,
    /// `1m5s`, `1h0m0s`, `500ms`, `0s`.
    static func goDuration(seconds: Double) -> String {
        let nanos = Int64((max(seconds, 0) * 1e9).rounded())
        if nanos == 0 { return "0s" }
        if nanos < 1_000_000_000 {
            let (unit, scale): (String, Int64) =
                nanos < 1000 ? ("ns", 1) : nanos < 1_000_000 ? ("µs", 1000) : ("ms", 1_000_000)
            return fraction(nanos, scale: scale) + unit
        }
        let hours = nanos / 3_600_000_000_000
        let minutes = (nanos / 60_000_000_000) % 60
        let rest = nanos % 60_000_000_000
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if hours > 0 || minutes > 0 { text += "\(minutes)m" }
        return text + fraction(rest, scale: 1_000_000_000) + "s"
    }

    /// `value / scale` with the fraction's trailing zeros removed.
    private static func fraction(_ value: Int64, scale: Int64) -> String {
        let whole = value / scale
        var part = value % scale
        guard part != 0 else { return "\(whole)" }
        var width = String(scale).count - 1
        while part % 10 == 0 {
            part /= 10
            width -= 1
        }
        let digits = String(part)
        return "\(whole)." + String(repeating: "0", count: width - digits.count) + digits
    }
}
