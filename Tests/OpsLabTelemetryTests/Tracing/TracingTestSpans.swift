import OpsLabTelemetry

/// Builders of span records for the tracing tests.
enum TracingTestSpans {
    /// A trace id made from a number: 32 hex digits.
    static func traceID(_ number: Int) -> String {
        let text = String(number, radix: 16)
        return String(repeating: "0", count: 32 - text.count - 1) + "a" + text
    }

    /// A span id made from a number: 16 hex digits.
    static func spanID(_ number: Int) -> String {
        let text = String(number, radix: 16)
        return String(repeating: "0", count: 16 - text.count - 1) + "b" + text
    }

    /// One span starting `startMillis` after a base time and lasting `millis`.
    static func span(
        trace: Int, span: Int, parent: Int? = nil, service: String = "frontend", operation: String = "GET /",
        kind: SpanRecord.Kind = .server, startMillis: UInt64 = 0, millis: UInt64 = 10,
        status: SpanRecord.Status = .unset, attributes: [String: SpanAttributeValue] = [:]
    ) -> SpanRecord {
        let start = base + startMillis * 1_000_000
        return SpanRecord(
            traceID: traceID(trace), spanID: spanID(span), parentSpanID: parent.map(spanID), serviceName: service,
            operationName: operation, kind: kind, startUnixNano: start, endUnixNano: start + millis * 1_000_000,
            status: status, attributes: attributes)
    }

    /// 2023-11-14T22:13:20Z in nanoseconds.
    static let base: UInt64 = 1_700_000_000_000_000_000
}
