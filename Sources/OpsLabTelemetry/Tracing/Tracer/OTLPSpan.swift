import Synchronization
import Tracing

/// A live span of `OTLPTracer`: records name, kind, attributes, status, events and errors, and on `end()`
/// hands the finished `SpanRecord` to the tracer's sink (normally a `SpanBatcher`).
///
/// Status follows OpenTelemetry: setting `unset` is ignored and `ok` is final. `recordError` adds an
/// `exception` event (`exception.type`, `exception.message`) and sets the status to error with the error's
/// description. Links are accepted but not recorded. Ending twice has no effect; a span whose parent was not
/// sampled is not recording and is never exported (its context still propagates).
public final class OTLPSpan: Tracing.Span, Sendable {
    /// The span's service context, carrying its `TraceContext` under `TraceContextKey`.
    public let context: ServiceContext
    /// The W3C trace context of this span (trace id, this span's id, flags).
    public let traceContext: TraceContext
    /// The parent span's id, or `nil` for a root span.
    public let parentSpanID: String?
    /// The span's kind.
    public let kind: SpanRecord.Kind
    /// Whether the span is recorded and exported.
    public let isRecording: Bool
    /// The service that records the span.
    public let serviceName: String
    /// Start time, nanoseconds since the Unix epoch.
    public let startUnixNano: UInt64

    private struct State {
        var operationName: String
        var attributes: SpanAttributes = [:]
        var status: SpanRecord.Status = .unset
        var events: [SpanRecord.Event] = []
        var ended = false
    }

    private let state: Mutex<State>
    private let onEnd: @Sendable (SpanRecord) -> Void

    init(
        operationName: String, context: ServiceContext, traceContext: TraceContext, parentSpanID: String?,
        kind: SpanRecord.Kind, isRecording: Bool, serviceName: String, startUnixNano: UInt64,
        onEnd: @escaping @Sendable (SpanRecord) -> Void
    ) {
        self.context = context
        self.traceContext = traceContext
        self.parentSpanID = parentSpanID
        self.kind = kind
        self.isRecording = isRecording
        self.serviceName = serviceName
        self.startUnixNano = startUnixNano
        self.onEnd = onEnd
        self.state = Mutex(State(operationName: operationName))
    }

    /// The operation name; may be changed until the span ends.
    public var operationName: String {
        get { state.withLock { $0.operationName } }
        set { state.withLock { $0.operationName = newValue } }
    }

    /// The span's attributes.
    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { $0.attributes = newValue } }
    }

    /// The current status as recorded.
    public var status: SpanRecord.Status { state.withLock { $0.status } }

    /// Sets the status (`unset` is ignored, `ok` is final; an error without a message keeps an earlier one).
    public func setStatus(_ status: SpanStatus) {
        state.withLock { state in
            guard !state.ended, state.status.code != .ok else { return }
            switch status.code {
            case .ok: state.status = .ok
            case .error:
                let message = status.message ?? (state.status.code == .error ? state.status.message : nil)
                state.status = .error(message)
            }
        }
    }

    /// Adds a timestamped event.
    public func addEvent(_ event: SpanEvent) {
        let record = SpanRecord.Event(
            name: event.name, timeUnixNano: event.nanosecondsSinceEpoch, attributes: Self.convert(event.attributes))
        state.withLock { state in
            if !state.ended { state.events.append(record) }
        }
    }

    /// Records an error: an `exception` event and an error status carrying the error's description.
    public func recordError<Instant: TracerInstant>(
        _ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant
    ) {
        let message = String(describing: error)
        var eventAttributes = Self.convert(attributes)
        eventAttributes["exception.type"] = .string(String(reflecting: type(of: error)))
        eventAttributes["exception.message"] = .string(message)
        let event = SpanRecord.Event(
            name: "exception", timeUnixNano: instant().nanosecondsSinceEpoch, attributes: eventAttributes)
        state.withLock { state in
            guard !state.ended else { return }
            state.events.append(event)
            state.status = .error(message)
        }
    }

    /// Accepts a link; links are not recorded by this tracer.
    public func addLink(_ link: SpanLink) {}

    /// Ends the span and, if recording, hands its record to the tracer's sink. Later calls do nothing.
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let endUnixNano = instant().nanosecondsSinceEpoch
        let record: SpanRecord? = state.withLock { state in
            guard !state.ended else { return nil }
            state.ended = true
            return SpanRecord(
                traceID: traceContext.traceID, spanID: traceContext.spanID, parentSpanID: parentSpanID,
                serviceName: serviceName, operationName: state.operationName, kind: kind,
                startUnixNano: startUnixNano, endUnixNano: max(endUnixNano, startUnixNano), status: state.status,
                attributes: Self.convert(state.attributes), events: state.events, flags: traceContext.flags,
                scopeName: "opslab"
            )
        }
        if let record, isRecording { onEnd(record) }
    }

    /// Converts swift-distributed-tracing attributes; arrays and other values become their text.
    static func convert(_ attributes: SpanAttributes) -> [String: SpanAttributeValue] {
        var result: [String: SpanAttributeValue] = [:]
        attributes.forEach { key, attribute in
            switch attribute {
            case .int32(let value): result[key] = .int(Int64(value))
            case .int64(let value): result[key] = .int(value)
            case .double(let value): result[key] = .double(value)
            case .bool(let value): result[key] = .bool(value)
            case .string(let value): result[key] = .string(value)
            case .stringConvertible(let value): result[key] = .string(value.description)
            case .int32Array(let values): result[key] = .string("\(values)")
            case .int64Array(let values): result[key] = .string("\(values)")
            case .doubleArray(let values): result[key] = .string("\(values)")
            case .boolArray(let values): result[key] = .string("\(values)")
            case .stringArray(let values): result[key] = .string("\(values)")
            case .stringConvertibleArray(let values): result[key] = .string("\(values.map(\.description))")
            default: break
            }
        }
        return result
    }
}
