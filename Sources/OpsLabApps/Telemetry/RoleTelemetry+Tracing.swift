import Foundation
import Tracing

extension RoleTelemetry {
    /// The tracer spans go to: ``tracer``, else `InstrumentationSystem.tracer` (a no-op when not bootstrapped).
    var activeTracer: any Tracer { tracer ?? InstrumentationSystem.tracer }

    /// The instrument that injects and extracts trace context: ``tracer``, else `InstrumentationSystem.instrument`.
    var activeInstrument: any Instrument { tracer ?? InstrumentationSystem.instrument }

    /// Starts a span of `kind` as a child of `context` (the caller ends it).
    func startSpan(_ name: String, context: ServiceContext, kind: SpanKind) -> any Span {
        activeTracer.startSpan(name, context: context, ofKind: kind)
    }

    /// The trace context carried by request headers (`traceparent`, `tracestate`), on top of `base`.
    func extractContext(from headers: [String: String], base: ServiceContext = .topLevel) -> ServiceContext {
        var context = base
        activeInstrument.extract(headers, into: &context, using: HTTPHeaderExtractor())
        return context
    }

    /// Adds the trace headers of `context` to an outgoing header list (replacing ones of the same name).
    func inject(_ context: ServiceContext, into headers: inout [(String, String)]) {
        activeInstrument.inject(context, into: &headers, using: HTTPHeaderInjector())
    }

    /// A span's error status with a message, plus the error recorded as an event.
    static func fail(_ span: any Span, error: (any Error)?, message: String) {
        if let error { span.recordError(error) }
        span.setStatus(SpanStatus(code: .error, message: message))
    }

    /// The error text of a failed HTTP answer: the JSON body's `message` (or `error`), else the body text,
    /// shortened to 1,024 characters.
    static func errorText(of response: RoleHTTPResponse) -> String {
        var text = response.bodyText
        if let json = response.jsonBody,
            let message = json["message"]?.stringValue ?? json["errmsg"]?.stringValue
                ?? json["error"]?.stringValue
        {
            text = message
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { text = "HTTP \(response.status)" }
        return text.count > 1024 ? String(text.prefix(1024)) + "…" : text
    }
}

/// Reads trace headers from a request's headers (keyed by lower-cased name, as ``RoleHTTPRequest`` keeps them).
public struct HTTPHeaderExtractor: Extractor {
    /// Creates the extractor.
    public init() {}

    /// The header's value, matched case-insensitively.
    public func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key.lowercased()] ?? carrier[key]
    }
}

/// Writes trace headers into an outgoing header list, replacing any header of the same name.
public struct HTTPHeaderInjector: Injector {
    /// Creates the injector.
    public init() {}

    /// Sets `key: value`.
    public func inject(_ value: String, forKey key: String, into carrier: inout [(String, String)]) {
        let lowered = key.lowercased()
        carrier.removeAll { $0.0.lowercased() == lowered }
        carrier.append((key, value))
    }
}
