import Foundation
import OpsLabCore

extension OTLPTraceJSON {
    /// Decodes an OTLP/HTTP JSON `ExportTraceServiceRequest` into span records.
    ///
    /// Accepts what OpenTelemetry SDKs and collectors send: 64-bit numbers as strings or numbers, enums as
    /// numbers or names (`SPAN_KIND_SERVER`, `STATUS_CODE_ERROR`), ids as hex in any case (base64 as a
    /// fallback), the legacy `instrumentationLibrarySpans`, and unknown fields (ignored). Array, key-value list
    /// and bytes attribute values are kept as their JSON text.
    ///
    /// - Throws: `TracingError` with code `invalid-otlp` naming the path of the first bad field.
    public static func decode(_ data: Data) throws -> [SpanRecord] {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: data)
        } catch {
            throw TracingError(code: "invalid-otlp", "body is not valid JSON", underlying: error)
        }
        return try decode(document)
    }

    /// Decodes an already-parsed OTLP JSON document; accepts the same shapes as the `Data` overload.
    public static func decode(_ document: JSONValue) throws -> [SpanRecord] {
        guard let root = document.objectValue else {
            throw invalid("", "expected a JSON object, got \(document.typeName)")
        }
        var spans: [SpanRecord] = []
        for (resourceIndex, resourceSpans) in try array(root["resourceSpans"], "resourceSpans").enumerated() {
            let path = "resourceSpans[\(resourceIndex)]"
            guard resourceSpans.objectValue != nil else { throw invalid(path, "expected an object") }
            var serviceName = "unknown_service"
            if let resource = resourceSpans["resource"] {
                let attributes = try decodeAttributes(resource["attributes"], path + ".resource.attributes")
                if case .string(let name)? = attributes["service.name"], !name.isEmpty { serviceName = name }
            }
            let scopeKey = resourceSpans["scopeSpans"] != nil ? "scopeSpans" : "instrumentationLibrarySpans"
            for (scopeIndex, scopeSpans) in try array(resourceSpans[scopeKey], path + "." + scopeKey).enumerated() {
                let scopePath = "\(path).\(scopeKey)[\(scopeIndex)]"
                let scope = scopeSpans["scope"] ?? scopeSpans["instrumentationLibrary"]
                let scopeName = try optionalString(scope?["name"], scopePath + ".scope.name") ?? ""
                for (spanIndex, span) in try array(scopeSpans["spans"], scopePath + ".spans").enumerated() {
                    let spanPath = "\(scopePath).spans[\(spanIndex)]"
                    spans.append(
                        try decodeSpan(span, path: spanPath, serviceName: serviceName, scopeName: scopeName)
                    )
                }
            }
        }
        return spans
    }

    static func decodeSpan(_ span: JSONValue, path: String, serviceName: String, scopeName: String) throws -> SpanRecord
    {
        guard span.objectValue != nil else { throw invalid(path, "expected an object, got \(span.typeName)") }
        let traceID = try decodeID(span["traceId"], bytes: 16, path + ".traceId")
        let spanID = try decodeID(span["spanId"], bytes: 8, path + ".spanId")
        var parentSpanID: String?
        if let parent = span["parentSpanId"], parent != .string(""), !parent.isNull {
            parentSpanID = try decodeID(parent, bytes: 8, path + ".parentSpanId")
        }
        guard let name = try optionalString(span["name"], path + ".name") else {
            throw invalid(path + ".name", "required value missing")
        }
        let kind = try decodeKind(span["kind"], path + ".kind")
        let start = try decodeUInt64(span["startTimeUnixNano"], path + ".startTimeUnixNano") ?? 0
        let end = try decodeUInt64(span["endTimeUnixNano"], path + ".endTimeUnixNano") ?? start
        var flags: UInt8 = 1
        if let rawFlags = try decodeUInt64(span["flags"], path + ".flags") {
            flags = UInt8(truncatingIfNeeded: rawFlags)
        }
        var events: [SpanRecord.Event] = []
        for (index, event) in try array(span["events"], path + ".events").enumerated() {
            let eventPath = "\(path).events[\(index)]"
            events.append(
                SpanRecord.Event(
                    name: try optionalString(event["name"], eventPath + ".name") ?? "",
                    timeUnixNano: try decodeUInt64(event["timeUnixNano"], eventPath + ".timeUnixNano") ?? start,
                    attributes: try decodeAttributes(event["attributes"], eventPath + ".attributes")
                )
            )
        }
        return SpanRecord(
            traceID: traceID, spanID: spanID, parentSpanID: parentSpanID, serviceName: serviceName,
            operationName: name, kind: kind, startUnixNano: start, endUnixNano: end,
            status: try decodeStatus(span["status"], path + ".status"),
            attributes: try decodeAttributes(span["attributes"], path + ".attributes"), events: events, flags: flags,
            scopeName: scopeName
        )
    }

    static func decodeKind(_ value: JSONValue?, _ path: String) throws -> SpanRecord.Kind {
        guard let value, !value.isNull else { return .internal }
        if let number = value.intValue, let kind = SpanRecord.Kind(otlpValue: Int(number)) { return kind }
        if let name = value.stringValue {
            let names = [
                "SPAN_KIND_UNSPECIFIED": 0, "SPAN_KIND_INTERNAL": 1, "SPAN_KIND_SERVER": 2,
                "SPAN_KIND_CLIENT": 3, "SPAN_KIND_PRODUCER": 4, "SPAN_KIND_CONSUMER": 5,
            ]
            if let number = names[name] ?? Int(name), let kind = SpanRecord.Kind(otlpValue: number) { return kind }
        }
        throw invalid(path, "unknown span kind \(value.jsonString())")
    }

    static func decodeStatus(_ value: JSONValue?, _ path: String) throws -> SpanRecord.Status {
        guard let value, !value.isNull else { return .unset }
        guard value.objectValue != nil else { throw invalid(path, "expected an object, got \(value.typeName)") }
        let message = try optionalString(value["message"], path + ".message")
        let names = ["STATUS_CODE_UNSET": 0, "STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2]
        var number = 0
        if let raw = value["code"], !raw.isNull {
            guard let parsed = raw.intValue.map(Int.init) ?? raw.stringValue.flatMap({ names[$0] ?? Int($0) }) else {
                throw invalid(path + ".code", "unknown status code \(raw.jsonString())")
            }
            number = parsed
        }
        guard let code = SpanRecord.Status.Code(rawValue: number) else {
            throw invalid(path + ".code", "unknown status code \(number)")
        }
        return SpanRecord.Status(code: code, message: message?.isEmpty == true ? nil : message)
    }

    static func decodeAttributes(_ value: JSONValue?, _ path: String) throws -> [String: SpanAttributeValue] {
        var attributes: [String: SpanAttributeValue] = [:]
        for (index, pair) in try array(value, path).enumerated() {
            let pairPath = "\(path)[\(index)]"
            guard let key = pair["key"]?.stringValue else {
                throw invalid(pairPath + ".key", "expected a string key")
            }
            guard let anyValue = pair["value"], !anyValue.isNull else { continue }
            if let decoded = try decodeAnyValue(anyValue, pairPath + ".value") { attributes[key] = decoded }
        }
        return attributes
    }

    static func decodeAnyValue(_ value: JSONValue, _ path: String) throws -> SpanAttributeValue? {
        guard let members = value.objectValue else { throw invalid(path, "expected an AnyValue object") }
        if let text = members["stringValue"] {
            guard let string = text.stringValue else { throw invalid(path + ".stringValue", "expected a string") }
            return .string(string)
        }
        if let flag = members["boolValue"] {
            guard let bool = flag.boolValue else { throw invalid(path + ".boolValue", "expected a boolean") }
            return .bool(bool)
        }
        if let number = members["intValue"] {
            if case .int(let int) = number { return .int(int) }
            if let text = number.stringValue, let int = Int64(text) { return .int(int) }
            throw invalid(path + ".intValue", "expected a 64-bit integer, got \(number.jsonString())")
        }
        if let number = members["doubleValue"] {
            if let double = number.doubleValue { return .double(double) }
            let special: [String: Double] = ["NaN": .nan, "Infinity": .infinity, "-Infinity": -.infinity]
            if let text = number.stringValue, let double = special[text] ?? Double(text) { return .double(double) }
            throw invalid(path + ".doubleValue", "expected a number, got \(number.jsonString())")
        }
        for key in ["arrayValue", "kvlistValue", "bytesValue"] {
            if let other = members[key] { return .string(other.jsonString()) }
        }
        return nil
    }

    static func decodeID(_ value: JSONValue?, bytes: Int, _ path: String) throws -> String {
        guard let text = value?.stringValue else {
            throw invalid(path, value == nil ? "required value missing" : "expected a hex string")
        }
        var hex = text.lowercased()
        if hex.count != bytes * 2, let data = Data(base64Encoded: text), data.count == bytes {
            hex = data.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        }
        guard hex.count == bytes * 2, hex.allSatisfy(\.isTraceHexDigit) else {
            throw invalid(path, "\"\(text)\" is not \(bytes * 2) hex digits")
        }
        guard hex.contains(where: { $0 != "0" }) else { throw invalid(path, "id is all zeros") }
        return hex
    }

    static func decodeUInt64(_ value: JSONValue?, _ path: String) throws -> UInt64? {
        guard let value, !value.isNull else { return nil }
        switch value {
        case .int(let number) where number >= 0: return UInt64(number)
        case .double(let number) where number >= 0 && number < 1.8e19 && number.rounded() == number:
            return UInt64(number)
        case .string(let text):
            if let number = UInt64(text) { return number }
        default: break
        }
        throw invalid(path, "expected an unsigned 64-bit integer, got \(value.jsonString())")
    }

    static func optionalString(_ value: JSONValue?, _ path: String) throws -> String? {
        guard let value, !value.isNull else { return nil }
        guard let string = value.stringValue else { throw invalid(path, "expected a string, got \(value.typeName)") }
        return string
    }

    static func array(_ value: JSONValue?, _ path: String) throws -> [JSONValue] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw invalid(path, "expected an array, got \(value.typeName)") }
        return items
    }

    static func invalid(_ path: String, _ message: String) -> TracingError {
        TracingError(
            code: "invalid-otlp",
            path.isEmpty ? "invalid OTLP JSON: \(message)" : "invalid OTLP JSON at \(path): \(message)")
    }
}
