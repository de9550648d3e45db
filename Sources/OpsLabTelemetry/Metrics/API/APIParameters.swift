import Foundation

/// Parsing of API parameters as Prometheus parses them.
enum APIParameters {
    static func required(_ name: String, _ query: [String: [String]]) throws(APIError) -> String {
        guard let value = query[name]?.first, !value.isEmpty else {
            throw APIError.badData("invalid parameter \"\(name)\": missing required parameter \"\(name)\"")
        }
        return value
    }

    /// A time as unix seconds (fractions allowed) or RFC 3339; `default` when absent (`nil` = required).
    static func time(_ name: String, _ query: [String: [String]], default fallback: Int64?) throws(APIError) -> Int64 {
        guard let text = query[name]?.first, !text.isEmpty else {
            if let fallback { return fallback }
            throw APIError.badData("invalid parameter \"\(name)\": cannot parse \"\" to a valid timestamp")
        }
        guard let parsed = parseTime(text) else {
            throw APIError.badData("invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid timestamp")
        }
        return parsed
    }

    /// Milliseconds of `text` as unix seconds or RFC 3339, or `nil`.
    static func parseTime(_ text: String) -> Int64? {
        if let seconds = Double(text), seconds.isFinite {
            return Int64((seconds * 1000).rounded())
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        return nil
    }

    /// A duration in ms from seconds (`15`, `0.5`) or a duration string (`15s`, `1m30s`).
    static func duration(_ name: String, _ query: [String: [String]]) throws(APIError) -> Int64 {
        let text = query[name]?.first ?? ""
        if let seconds = Double(text), seconds.isFinite { return Int64((seconds * 1000).rounded()) }
        if let ms = PromQLDuration.parse(text) { return ms }
        throw APIError.badData("invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid duration")
    }

    /// RFC 3339 with milliseconds, or Go's zero time when `nil`.
    static func rfc3339(milliseconds: Int64?) -> String {
        guard let milliseconds else { return "0001-01-01T00:00:00Z" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
