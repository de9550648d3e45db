import Foundation
import OpsLabCore

/// Parsing of `/api/traces` search parameters into a `TraceQuery`, with Jaeger's rules and messages.
enum JaegerSearchParameters {
    struct Failure: Error {
        var message: String
    }

    static func traceQuery(
        from query: [String: [String]], now: Date, defaultLookback: Duration
    ) throws(Failure)
        -> TraceQuery
    {
        func value(_ name: String) -> String? {
            guard let text = query[name]?.first?.traceTrimmed(), !text.isEmpty else { return nil }
            return text
        }
        guard let service = value("service") else { throw Failure(message: "parameter 'service' is required") }
        let nowMicros = UInt64(max(0, now.timeIntervalSince1970 * 1_000_000))
        var endMicros = nowMicros
        if let end = value("end") { endMicros = try micros(end, name: "end") }
        let startMicros: UInt64
        if let start = value("start") {
            startMicros = try micros(start, name: "start")
        } else if let lookback = value("lookback"), lookback != "custom" {
            let nanos = try duration(lookback, name: "lookback")
            startMicros = endMicros > nanos / 1000 ? endMicros - nanos / 1000 : 0
        } else {
            let nanos = UInt64(defaultLookback.components.seconds) * 1_000_000_000
            startMicros = endMicros > nanos / 1000 ? endMicros - nanos / 1000 : 0
        }
        if startMicros > endMicros {
            throw Failure(message: "start time \(startMicros) is after end time \(endMicros)")
        }
        var minDuration: UInt64?
        if let text = value("minDuration") { minDuration = try duration(text, name: "minDuration") }
        var maxDuration: UInt64?
        if let text = value("maxDuration") { maxDuration = try duration(text, name: "maxDuration") }
        if let minDuration, let maxDuration, maxDuration < minDuration {
            throw Failure(message: "'maxDuration' should be greater than 'minDuration'")
        }
        var limit = TraceQuery.defaultLimit
        if let text = value("limit") {
            guard let parsed = Int(text), parsed >= 0 else {
                throw Failure(message: "unable to parse param 'limit': \(text) is not a non-negative integer")
            }
            limit = parsed == 0 ? TraceQuery.defaultLimit : parsed
        }
        return TraceQuery(
            serviceName: service, operationName: value("operation"), tags: try tags(query),
            startMinUnixNano: startMicros * 1000, startMaxUnixNano: endMicros * 1000 + 999,
            minDurationNanos: minDuration, maxDurationNanos: maxDuration, limit: limit
        )
    }

    static func micros(_ text: String, name: String) throws(Failure) -> UInt64 {
        guard let value = UInt64(text) else {
            throw Failure(message: "unable to parse param '\(name)': \(text) is not microseconds since the epoch")
        }
        return value
    }

    static func tags(_ query: [String: [String]]) throws(Failure) -> [String: String] {
        var result: [String: String] = [:]
        for text in query["tags"] ?? [] where !text.traceTrimmed().isEmpty {
            guard let object = (try? JSONValue(parsing: text))?.objectValue else {
                throw Failure(message: "malformed 'tags' parameter, expected a JSON object: \(text)")
            }
            for (key, value) in object {
                switch value {
                case .string(let string): result[key] = string
                case .bool, .int, .double: result[key] = SpanAttributeValue(json: value)?.description
                default: throw Failure(message: "malformed 'tags' parameter: value of \(key) must be a string")
                }
            }
        }
        for text in query["tag"] ?? [] {
            guard let colon = text.firstIndex(of: ":") else {
                throw Failure(message: "malformed 'tag' parameter, expected key:value: \(text)")
            }
            result[String(text[..<colon])] = String(text[text.index(after: colon)...])
        }
        return result
    }

    /// Parses a Go-style duration (`1h30m`, `1.5s`, `250ms`, `100us`, `100µs`, `10ns`) plus days (`2d`), in
    /// nanoseconds.
    static func duration(_ text: String, name: String) throws(Failure) -> UInt64 {
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
            ("d", 86_400e9),
        ]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { throw Failure(message: "unable to parse param '\(name)': empty duration") }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let amount = Double(number) else {
                throw Failure(message: "unable to parse param '\(name)': time: invalid duration \"\(text)\"")
            }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isNumber || $0 == ".") }
            guard let unit = units.first(where: { $0.0 == unitText }) else {
                throw Failure(message: "unable to parse param '\(name)': time: missing or unknown unit in \"\(text)\"")
            }
            rest = rest.dropFirst(unitText.count)
            total += amount * unit.1
        }
        guard total < 1.8e19 else { throw Failure(message: "unable to parse param '\(name)': duration too large") }
        return UInt64(total)
    }
}

extension SpanAttributeValue {
    /// The attribute value for a JSON scalar, or `nil` for null, arrays and objects.
    init?(json: JSONValue) {
        switch json {
        case .string(let text): self = .string(text)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .bool(let flag): self = .bool(flag)
        default: return nil
        }
    }
}
