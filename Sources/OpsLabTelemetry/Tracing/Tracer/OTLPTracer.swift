import Tracing

/// A swift-distributed-tracing `Tracer` that records spans as `SpanRecord`s and propagates W3C
/// `traceparent`/`tracestate` headers.
///
/// Bootstrap it once per process with `InstrumentationSystem.bootstrap(tracer)`; then `withSpan`,
/// `startSpan`, and `InstrumentationSystem.instrument.inject/extract` work with any header carrier. A span
/// started in a context that holds a `TraceContext` (from `extract` or an enclosing span) joins that trace as
/// its child; otherwise it starts a new trace. Finished spans go to `onSpanEnd` — normally a `SpanBatcher`'s
/// `enqueue`.
public final class OTLPTracer: Tracer, Sendable {
    /// The span type.
    public typealias Span = OTLPSpan

    /// The service name recorded on every span (OTel `service.name`).
    public let serviceName: String
    /// Where ids come from.
    public let idGenerator: TracingIDGenerator
    /// Decides which new traces are recorded (children follow their parent).
    public let sampler: TraceSampler
    private let onSpanEnd: @Sendable (SpanRecord) -> Void
    private let flush: @Sendable () -> Void

    /// Creates a tracer that hands finished spans to `batcher`.
    public convenience init(
        serviceName: String, batcher: SpanBatcher, idGenerator: TracingIDGenerator = .init(),
        sampler: TraceSampler = .alwaysOn
    ) {
        self.init(
            serviceName: serviceName, idGenerator: idGenerator, sampler: sampler, onSpanEnd: { batcher.enqueue($0) },
            onForceFlush: { batcher.forceFlush() })
    }

    /// Creates a tracer that hands each finished span to `onSpanEnd` (synchronously, on the ending thread).
    public init(
        serviceName: String, idGenerator: TracingIDGenerator = .init(), sampler: TraceSampler = .alwaysOn,
        onSpanEnd: @escaping @Sendable (SpanRecord) -> Void, onForceFlush: @escaping @Sendable () -> Void = {}
    ) {
        self.serviceName = serviceName
        self.idGenerator = idGenerator
        self.sampler = sampler
        self.onSpanEnd = onSpanEnd
        self.flush = onForceFlush
    }

    /// Starts a span; see the type's documentation for how the parent is chosen.
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> OTLPSpan {
        var spanContext = context()
        let parent = spanContext.traceContext
        let spanID = idGenerator.nextSpanID()
        let traceContext: TraceContext
        if let parent {
            traceContext = Self.child(of: parent, spanID: spanID)
        } else {
            let traceID = idGenerator.nextTraceID()
            traceContext = Self.root(
                traceID: traceID, spanID: spanID, sampled: sampler.shouldSample(traceID: traceID))
        }
        spanContext.traceContext = traceContext
        return OTLPSpan(
            operationName: operationName, context: spanContext, traceContext: traceContext,
            parentSpanID: parent?.spanID, kind: SpanRecord.Kind(kind), isRecording: traceContext.isSampled,
            serviceName: serviceName, startUnixNano: instant().nanosecondsSinceEpoch, onEnd: onSpanEnd
        )
    }

    /// Asks the batcher to export what it holds now (without waiting).
    public func forceFlush() { flush() }

    /// Reads `traceparent` (and `tracestate`) from a carrier into `context`; invalid headers are ignored.
    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
    ) where Extract.Carrier == Carrier {
        let state = extractor.extract(key: TraceContext.tracestateHeader, from: carrier)
        if let parsed = TraceContext.parse(
            traceparent: extractor.extract(key: TraceContext.traceparentHeader, from: carrier), tracestate: state)
        {
            context.traceContext = parsed
        }
    }

    /// Writes `traceparent` (and `tracestate`, if any) for the context's span into a carrier.
    public func inject<Carrier, Inject: Injector>(
        _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
    ) where Inject.Carrier == Carrier {
        guard let traceContext = context.traceContext else { return }
        injector.inject(traceContext.traceparent, forKey: TraceContext.traceparentHeader, into: &carrier)
        if let state = traceContext.traceState {
            injector.inject(state, forKey: TraceContext.tracestateHeader, into: &carrier)
        }
    }

    private static func child(of parent: TraceContext, spanID: String) -> TraceContext {
        var context = parent
        context.spanID = spanID
        return context
    }

    private static func root(traceID: String, spanID: String, sampled: Bool) -> TraceContext {
        // The generator never makes all-zero ids, so no validation is needed.
        TraceContext(uncheckedTraceID: traceID, spanID: spanID, flags: sampled ? 1 : 0)
    }
}

extension TraceContext {
    /// Creates a context without validation; for ids this module generated itself.
    init(uncheckedTraceID traceID: String, spanID: String, flags: UInt8, traceState: String? = nil) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
        self.traceState = traceState
    }
}

extension SpanRecord.Kind {
    /// The record kind for a swift-distributed-tracing kind.
    public init(_ kind: SpanKind) {
        switch kind {
        case .server: self = .server
        case .client: self = .client
        case .producer: self = .producer
        case .consumer: self = .consumer
        case .internal: self = .internal
        }
    }
}
