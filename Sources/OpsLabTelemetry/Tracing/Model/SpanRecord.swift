/// One finished span, as collected, stored and exported.
///
/// Identifiers are lowercase hex: `traceID` has 32 digits (16 bytes), `spanID` and `parentSpanID` 16 digits
/// (8 bytes). Times are nanoseconds since the Unix epoch.
public struct SpanRecord: Sendable, Hashable {
    /// The trace this span belongs to: 32 lowercase hex digits.
    public var traceID: String
    /// This span's id: 16 lowercase hex digits.
    public var spanID: String
    /// The parent span's id, or `nil` for a root span.
    public var parentSpanID: String?
    /// The service (OTel resource `service.name`) that recorded the span.
    public var serviceName: String
    /// The operation, e.g. `HTTP GET /hotels`.
    public var operationName: String
    /// The span's role in the request.
    public var kind: Kind
    /// Start time, nanoseconds since the Unix epoch.
    public var startUnixNano: UInt64
    /// End time, nanoseconds since the Unix epoch.
    public var endUnixNano: UInt64
    /// The outcome of the operation.
    public var status: Status
    /// Attributes (OTel) or tags (Jaeger).
    public var attributes: [String: SpanAttributeValue]
    /// Timestamped events (Jaeger logs), e.g. an `exception`.
    public var events: [Event]
    /// W3C trace flags (bit 0 = sampled).
    public var flags: UInt8
    /// The instrumentation scope that produced the span, e.g. `opslab`.
    public var scopeName: String

    /// Creates a span record.
    public init(
        traceID: String, spanID: String, parentSpanID: String? = nil, serviceName: String, operationName: String,
        kind: Kind = .internal, startUnixNano: UInt64, endUnixNano: UInt64, status: Status = .unset,
        attributes: [String: SpanAttributeValue] = [:], events: [Event] = [], flags: UInt8 = 1,
        scopeName: String = "opslab"
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.serviceName = serviceName
        self.operationName = operationName
        self.kind = kind
        self.startUnixNano = startUnixNano
        self.endUnixNano = endUnixNano
        self.status = status
        self.attributes = attributes
        self.events = events
        self.flags = flags
        self.scopeName = scopeName
    }

    /// The span's duration in nanoseconds (zero when the end precedes the start).
    public var durationNanos: UInt64 { endUnixNano >= startUnixNano ? endUnixNano - startUnixNano : 0 }
}

extension SpanRecord {
    /// The role of a span, as in OpenTelemetry (`SPAN_KIND_*`) and Jaeger's `span.kind` tag.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An operation inside a process.
        case `internal`
        /// The handling of an incoming request.
        case server
        /// An outgoing request.
        case client
        /// The sending of a message.
        case producer
        /// The receiving of a message.
        case consumer

        /// The OTLP enum number (`SPAN_KIND_INTERNAL` = 1 … `SPAN_KIND_CONSUMER` = 5).
        public var otlpValue: Int {
            switch self {
            case .internal: return 1
            case .server: return 2
            case .client: return 3
            case .producer: return 4
            case .consumer: return 5
            }
        }

        /// The kind for an OTLP enum number; `0` (unspecified) reads as `.internal`, others as `nil`.
        public init?(otlpValue: Int) {
            switch otlpValue {
            case 0, 1: self = .internal
            case 2: self = .server
            case 3: self = .client
            case 4: self = .producer
            case 5: self = .consumer
            default: return nil
            }
        }
    }

    /// The outcome of a span: a code and, for errors, a message.
    public struct Status: Sendable, Hashable {
        /// The OTel status code.
        public enum Code: Int, Sendable, Hashable {
            /// No status was set.
            case unset = 0
            /// The operation succeeded (set explicitly).
            case ok = 1
            /// The operation failed.
            case error = 2
        }

        /// The status code.
        public var code: Code
        /// A description, meaningful for errors.
        public var message: String?

        /// Creates a status.
        public init(code: Code, message: String? = nil) {
            self.code = code
            self.message = message
        }

        /// No status set.
        public static let unset = Status(code: .unset)
        /// Success.
        public static let ok = Status(code: .ok)
        /// Failure with a description.
        public static func error(_ message: String? = nil) -> Status { Status(code: .error, message: message) }
    }

    /// A timestamped event in a span (OTel event, Jaeger log).
    public struct Event: Sendable, Hashable {
        /// The event's name, e.g. `exception`.
        public var name: String
        /// When it happened, nanoseconds since the Unix epoch.
        public var timeUnixNano: UInt64
        /// The event's attributes, e.g. `exception.message`.
        public var attributes: [String: SpanAttributeValue]

        /// Creates an event.
        public init(name: String, timeUnixNano: UInt64, attributes: [String: SpanAttributeValue] = [:]) {
            self.name = name
            self.timeUnixNano = timeUnixNano
            self.attributes = attributes
        }
    }
}
