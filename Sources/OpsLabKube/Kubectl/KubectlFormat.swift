import Foundation
import OpsLabCore

/// Small formatting helpers kubectl's printers share (times, label lists, quantities).
enum KubectlFormat {
    /// Parses an RFC 3339 timestamp (with or without fractional seconds).
    static func parseTime(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        return KubeTime.parse(text)
    }

    /// Age of a timestamp as kubectl prints it (`5m`, `3h5m`), or `<unknown>` when unset.
    static func age(_ timestamp: String?, now: Date) -> String {
        HumanDuration.since(timestamp: timestamp, now: now)
    }

    /// `duration.HumanDuration`: truncated, never rounded.
    static func humanDuration(_ interval: TimeInterval) -> String {
        HumanDuration.format(interval)
    }

    /// Go's `time.RFC1123Z` in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`.
    static func rfc1123z(_ timestamp: String?) -> String {
        guard let date = parseTime(timestamp) else { return "<unknown>" }
        return KubeTime.rfc1123z(date)
    }

    /// RFC 3339 in UTC without fractional seconds: `2025-01-02T15:04:05Z`.
    static func rfc3339(_ date: Date) -> String {
        KubeTime.rfc3339(date)
    }

    /// `k=v,k2=v2` sorted by key, or `<none>`.
    static func labelList(_ labels: [String: String]) -> String {
        labels.isEmpty ? "<none>" : labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: ",")
    }

    /// A scalar as Go's `%v` prints it; `nil`/null as empty.
    static func scalar(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .double(let number)?:
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        case let other?: return other.jsonString()
        }
    }

    /// Parses a Go duration (`5m`, `1h30m`, `10s`, `250ms`) into seconds.
    static func parseDuration(_ text: String) -> Double? {
        if let plain = Double(text) { return plain }
        var total = 0.0
        var number = ""
        var unit = ""
        var parsedAny = false
        func flush() -> Bool {
            guard let value = Double(number) else { return false }
            let factors: [String: Double] = ["h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 1e-6, "ns": 1e-9]
            guard let factor = factors[unit] else { return false }
            total += value * factor
            parsedAny = true
            number = ""
            unit = ""
            return true
        }
        for character in text {
            if character.isNumber || character == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                number.append(character)
            } else {
                unit.append(character)
            }
        }
        if !number.isEmpty || !unit.isEmpty { guard flush() else { return nil } }
        return parsedAny ? total : nil
    }

    /// Canonical form of a resource quantity: `1000m` prints as `1`.
    static func quantity(_ value: JSONValue?) -> String {
        let text = scalar(value)
        if text.hasSuffix("m"), let millis = Int(text.dropLast()), millis % 1000 == 0 { return String(millis / 1000) }
        return text
    }
}
