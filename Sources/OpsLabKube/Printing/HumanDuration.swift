import Foundation

/// Kubernetes' `duration.HumanDuration`: the short, truncated age format of AGE, LAST SEEN and RESTARTS columns.
///
/// Values are truncated, never rounded: 119.9 s is `119s`, 3 h 5 min 59 s is `3h5m`.
public enum HumanDuration {
    /// Formats an elapsed time in seconds, e.g. `5s`, `3m12s`, `45m`, `3h5m`, `2d3h`, `2y30d`.
    ///
    /// Anything below −1 s (after truncation) prints `<invalid>`; small negative skews print `0s`.
    public static func format(_ seconds: TimeInterval) -> String {
        guard !seconds.isNaN else { return "<invalid>" }
        let nanos = Self.nanoseconds(seconds)
        let wholeSeconds = nanos / 1_000_000_000
        if wholeSeconds < -1 { return "<invalid>" }
        if wholeSeconds < 0 { return "0s" }
        if wholeSeconds < 120 { return "\(wholeSeconds)s" }
        let minutes = nanos / 60_000_000_000
        if minutes < 10 {
            let rest = wholeSeconds % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = nanos / 3_600_000_000_000
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// The age of a timestamp at `now` (`translateTimestampSince`): `<unknown>` when there is no timestamp.
    public static func since(_ date: Date?, now: Date) -> String {
        guard let date else { return "<unknown>" }
        return format(now.timeIntervalSince(date))
    }

    /// The age of an RFC 3339 timestamp string at `now`: `<unknown>` when it is missing or unparsable.
    public static func since(timestamp: String?, now: Date) -> String {
        since(timestamp.flatMap(KubeTime.parse), now: now)
    }

    /// Seconds as Go's `time.Duration` (integer nanoseconds, truncated toward zero, saturating).
    static func nanoseconds(_ seconds: TimeInterval) -> Int64 {
        let nanos = seconds * 1e9
        if nanos >= 9.2e18 { return Int64.max }
        if nanos <= -9.2e18 { return Int64.min }
        return Int64(nanos)
    }
}
