import Foundation
import OpsLabCore

/// OTLP/HTTP JSON encoding of spans: the body of `POST /v1/traces` (an `ExportTraceServiceRequest`).
///
/// Follows the OTLP JSON mapping: ids are hex strings, `kind` and `status.code` are enum numbers, 64-bit
/// integers (`startTimeUnixNano`, `intValue`) are decimal strings, keys are lowerCamelCase. Spans are grouped by
/// service into `resourceSpans` and by instrumentation scope into `scopeSpans`.
public enum OTLPTraceJSON {
    /// The OTLP JSON document for `spans`, as a JSON value.
    public static func encode(_ spans: [SpanRecord]) -> JSONValue {
        var services: [String: [String: [SpanRecord]]] = [:]
        for span in spans { services[span.serviceName, default: [:]][span.scopeName, default: []].append(span) }
        let resourceSpans: [JSONValue] = services.keys.sorted().map { service in
            let scopes = services[service] ?? [:]
            let scopeSpans: [JSONValue] = scopes.keys.sorted().map { scope in
                [
                    "scope": ["name": .string(scope), "version": .string(OpsLabTelemetry.version)],
                    "spans": .array((scopes[scope] ?? []).map(encodeSpan)),
                ]
            }
            return [
                "resource": ["attributes": encodeAttributes(["service.name": .string(service)])],
                "scopeSpans": .array(scopeSpans),
            ]
        }
        return ["resourceSpans": .array(resourceSpans)]
    }

    /// The OTLP JSON body for `spans`, as bytes ready to POST.
    public static func encodeData(_ spans: [SpanRecord]) -> Data {
        encode(spans).jsonData()
    }

    static func encodeSpan(_ span: SpanRecord) -> JSONValue {
        var json: JSONValue = [
            "traceId": .string(span.traceID),
            "spanId": .string(span.spanID),
            "name": .string(span.operationName),
            "kind": .int(Int64(span.kind.otlpValue)),
            "startTimeUnixNano": .string(String(span.startUnixNano)),
            "endTimeUnixNano": .string(String(span.endUnixNano)),
            "attributes": encodeAttributes(span.attributes),
            "status": encodeStatus(span.status),
            "flags": .int(Int64(span.flags)),
        ]
        if let parent = span.parentSpanID { json["parentSpanId"] = .string(parent) }
        if !span.events.isEmpty {
            json["events"] = .array(
                span.events.map { event in
                    [
                        "timeUnixNano": .string(String(event.timeUnixNano)),
                        "name": .string(event.name),
                        "attributes": encodeAttributes(event.attributes),
                    ]
                }
            )
        }
        return json
    }

    static func encodeStatus(_ status: SpanRecord.Status) -> JSONValue {
        var json: JSONValue = ["code": .int(Int64(status.code.rawValue))]
        if let message = status.message, !message.isEmpty { json["message"] = .string(message) }
        return json
    }

    /// OTLP `KeyValue` list for attributes, sorted by key.
    static func encodeAttributes(_ attributes: [String: SpanAttributeValue]) -> JSONValue {
        .array(
            attributes.keys.sorted().map { key in
                ["key": .string(key), "value": encodeAnyValue(attributes[key] ?? .string(""))]
            }
        )
    }

    static func encodeAnyValue(_ value: SpanAttributeValue) -> JSONValue {
        switch value {
        case .string(let text): return ["stringValue": .string(text)]
        case .int(let number): return ["intValue": .string(String(number))]
        case .double(let number):
            if number.isNaN { return ["doubleValue": "NaN"] }
            if number.isInfinite { return ["doubleValue": .string(number > 0 ? "Infinity" : "-Infinity")] }
            return ["doubleValue": .double(number)]
        case .bool(let flag): return ["boolValue": .bool(flag)]
        }
    }
}
