/// A trace search, with the parameters of Jaeger's `/api/traces`.
///
/// A trace matches when at least one of its spans satisfies every given condition at once (service,
/// operation, all tags, start time window, duration range), as in Jaeger's search. Results are the most
/// recent traces first, at most `limit` of them.
public struct TraceQuery: Sendable, Hashable {
    /// Only spans of this service; `nil` for any service.
    public var serviceName: String?
    /// Only spans with this operation name; `nil` for any.
    public var operationName: String?
    /// Tags the span must carry with exactly these values (compared as text; `error`=`true` matches error
    /// spans, `span.kind`=`server` matches server spans).
    public var tags: [String: String]
    /// Earliest span start, nanoseconds since the Unix epoch.
    public var startMinUnixNano: UInt64?
    /// Latest span start, nanoseconds since the Unix epoch.
    public var startMaxUnixNano: UInt64?
    /// Minimum span duration in nanoseconds.
    public var minDurationNanos: UInt64?
    /// Maximum span duration in nanoseconds.
    public var maxDurationNanos: UInt64?
    /// The most traces to return.
    public var limit: Int

    /// The default number of traces a search returns.
    public static let defaultLimit = 100

    /// Creates a query; every condition is optional.
    public init(
        serviceName: String? = nil, operationName: String? = nil, tags: [String: String] = [:],
        startMinUnixNano: UInt64? = nil, startMaxUnixNano: UInt64? = nil, minDurationNanos: UInt64? = nil,
        maxDurationNanos: UInt64? = nil, limit: Int = TraceQuery.defaultLimit
    ) {
        self.serviceName = serviceName
        self.operationName = operationName
        self.tags = tags
        self.startMinUnixNano = startMinUnixNano
        self.startMaxUnixNano = startMaxUnixNano
        self.minDurationNanos = minDurationNanos
        self.maxDurationNanos = maxDurationNanos
        self.limit = limit
    }

    /// Whether one span satisfies every condition.
    public func matches(_ span: SpanRecord) -> Bool {
        if let serviceName, span.serviceName != serviceName { return false }
        if let operationName, span.operationName != operationName { return false }
        if let startMinUnixNano, span.startUnixNano < startMinUnixNano { return false }
        if let startMaxUnixNano, span.startUnixNano > startMaxUnixNano { return false }
        if let minDurationNanos, span.durationNanos < minDurationNanos { return false }
        if let maxDurationNanos, span.durationNanos > maxDurationNanos { return false }
        for (key, wanted) in tags where span.searchableTag(key) != wanted { return false }
        return true
    }
}

extension SpanRecord {
    /// The text of a tag as Jaeger would show it: the attribute, or a derived tag (`span.kind`, `error`,
    /// `otel.status_code`, `otel.status_description`), or an event attribute.
    func searchableTag(_ key: String) -> String? {
        if let value = attributes[key] { return value.description }
        switch key {
        case "span.kind": return kind.rawValue
        case "error": return status.code == .error ? "true" : nil
        case "otel.status_code":
            switch status.code {
            case .unset: return nil
            case .ok: return "OK"
            case .error: return "ERROR"
            }
        case "otel.status_description": return status.message
        default: break
        }
        for event in events {
            if let value = event.attributes[key] { return value.description }
        }
        return nil
    }
}
