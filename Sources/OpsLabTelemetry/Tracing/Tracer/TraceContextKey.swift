import Tracing

/// The `ServiceContext` key under which the current span's (or an extracted remote parent's) W3C trace
/// context travels.
public enum TraceContextKey: ServiceContextKey {
    /// The stored value.
    public typealias Value = TraceContext
    /// The key's name in logs.
    public static var nameOverride: String? { "traceparent" }
}

extension ServiceContext {
    /// The W3C trace context of the current span or extracted remote parent, if any.
    public var traceContext: TraceContext? {
        get { self[TraceContextKey.self] }
        set { self[TraceContextKey.self] = newValue }
    }
}
