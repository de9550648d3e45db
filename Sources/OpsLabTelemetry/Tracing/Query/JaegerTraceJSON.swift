import OpsLabCore

/// Converts span records into the JSON shapes of Jaeger's query API (`/api/traces`), as Jaeger's own OTLP
/// translation does.
///
/// Times are microseconds since the epoch; tags carry `span.kind`, `otel.status_code` (`OK`/`ERROR`),
/// `otel.status_description`, `error`=`true` (bool) for error spans, and `otel.scope.name`; events become logs
/// whose first field is `event`; each service in a trace is a process `p1`, `p2`, … in order of first span.
/// Trace ids are written with all 32 hex digits (Jaeger v1 drops leading zeros of the high half; lookups here
/// accept either form).
public enum JaegerTraceJSON {
    /// One trace: `{traceID, spans, processes, warnings}`. `spans` must share a trace id.
    public static func trace(_ spans: [SpanRecord]) -> JSONValue {
        var processIDs: [String: String] = [:]
        var processes: [String: JSONValue] = [:]
        for span in spans where processIDs[span.serviceName] == nil {
            let id = "p\(processIDs.count + 1)"
            processIDs[span.serviceName] = id
            processes[id] = ["serviceName": .string(span.serviceName), "tags": []]
        }
        return [
            "traceID": .string(spans.first?.traceID ?? ""),
            "spans": .array(spans.map { span($0, processID: processIDs[$0.serviceName] ?? "p1") }),
            "processes": .object(processes),
            "warnings": .null,
        ]
    }

    /// One span in Jaeger's UI model.
    public static func span(_ span: SpanRecord, processID: String) -> JSONValue {
        var references: [JSONValue] = []
        if let parent = span.parentSpanID {
            references.append(["refType": "CHILD_OF", "traceID": .string(span.traceID), "spanID": .string(parent)])
        }
        var json: JSONValue = [
            "traceID": .string(span.traceID),
            "spanID": .string(span.spanID),
            "operationName": .string(span.operationName),
            "references": .array(references),
            "startTime": .int(Int64(clamping: span.startUnixNano / 1000)),
            "duration": .int(Int64(clamping: span.durationNanos / 1000)),
            "tags": .array(tags(for: span)),
            "logs": .array(span.events.map(log)),
            "processID": .string(processID),
            "warnings": .null,
        ]
        if span.flags != 0 { json["flags"] = .int(Int64(span.flags)) }
        return json
    }

    /// The span's Jaeger tags: its attributes sorted by key, then the derived tags.
    static func tags(for span: SpanRecord) -> [JSONValue] {
        var result = span.attributes.keys.sorted().compactMap { key in span.attributes[key].map { tag(key, $0) } }
        func add(_ key: String, _ value: SpanAttributeValue) {
            if span.attributes[key] == nil { result.append(tag(key, value)) }
        }
        add("span.kind", .string(span.kind.rawValue))
        switch span.status.code {
        case .unset: break
        case .ok: add("otel.status_code", "OK")
        case .error:
            add("otel.status_code", "ERROR")
            add("error", true)
        }
        if let message = span.status.message, !message.isEmpty { add("otel.status_description", .string(message)) }
        if !span.scopeName.isEmpty { add("otel.scope.name", .string(span.scopeName)) }
        return result
    }

    /// A `{key, type, value}` tag.
    static func tag(_ key: String, _ value: SpanAttributeValue) -> JSONValue {
        switch value {
        case .string(let text): return ["key": .string(key), "type": "string", "value": .string(text)]
        case .int(let number): return ["key": .string(key), "type": "int64", "value": .int(number)]
        case .double(let number):
            let encoded: JSONValue = number.isFinite ? .double(number) : .string(String(number))
            return ["key": .string(key), "type": "float64", "value": encoded]
        case .bool(let flag): return ["key": .string(key), "type": "bool", "value": .bool(flag)]
        }
    }

    static func log(_ event: SpanRecord.Event) -> JSONValue {
        var fields: [JSONValue] = [tag("event", .string(event.name))]
        for key in event.attributes.keys.sorted() {
            if let value = event.attributes[key] { fields.append(tag(key, value)) }
        }
        return ["timestamp": .int(Int64(clamping: event.timeUnixNano / 1000)), "fields": .array(fields)]
    }
}
