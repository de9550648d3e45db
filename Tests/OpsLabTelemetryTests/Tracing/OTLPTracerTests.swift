import NIOHTTP1
import OpsLabTelemetry
import Synchronization
import Testing
import Tracing

/// Collects the spans a tracer ends.
final class TracingSpanSink: Sendable {
    private let spans = Mutex<[SpanRecord]>([])

    func append(_ span: SpanRecord) { spans.withLock { $0.append(span) } }

    var all: [SpanRecord] { spans.withLock { $0 } }
}

@Suite struct OTLPTracerTests {
    static func tracer(_ sink: TracingSpanSink, seed: UInt64 = 42) -> OTLPTracer {
        OTLPTracer(serviceName: "frontend", idGenerator: TracingIDGenerator(seed: seed), onSpanEnd: { sink.append($0) })
    }

    @Test func seededIDsAreReproducibleAndWellFormed() {
        let first = TracingIDGenerator(seed: 7)
        let second = TracingIDGenerator(seed: 7)
        let ids = (0..<5).map { _ in first.nextTraceID() + first.nextSpanID() }
        #expect(ids == (0..<5).map { _ in second.nextTraceID() + second.nextSpanID() })
        #expect(Set(ids).count == 5)
        let random = TracingIDGenerator()
        #expect(random.nextTraceID().count == 32)
        #expect(random.nextSpanID().allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func nestedSpansShareTheTraceAndLinkToTheirParent() throws {
        let sink = TracingSpanSink()
        let tracer = Self.tracer(sink)
        tracer.withSpan("GET /hotels", ofKind: .server) { root in
            root.attributes["http.request.method"] = "GET"
            tracer.withSpan("search.Nearby", ofKind: .client) { child in
                child.attributes["http.response.status_code"] = 200
            }
        }
        let spans = sink.all
        #expect(spans.count == 2)
        let child = try #require(spans.first { $0.operationName == "search.Nearby" })
        let root = try #require(spans.first { $0.operationName == "GET /hotels" })
        #expect(child.traceID == root.traceID)
        #expect(child.parentSpanID == root.spanID)
        #expect(root.parentSpanID == nil)
        #expect(root.kind == .server)
        #expect(child.kind == .client)
        #expect(root.serviceName == "frontend")
        #expect(root.attributes["http.request.method"] == "GET")
        #expect(child.attributes["http.response.status_code"] == .int(200))
        #expect(root.endUnixNano >= root.startUnixNano)
    }

    /// A role receives a request with `traceparent`, serves it in a child span, and calls downstream.
    @Test func extractChildInjectKeepsTheTrace() throws {
        let sink = TracingSpanSink()
        let tracer = Self.tracer(sink)
        var incoming = HTTPHeaders()
        incoming.add(name: "TraceParent", value: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        incoming.add(name: "tracestate", value: "vendor=1")
        var context = ServiceContext.topLevel
        tracer.extract(incoming, into: &context, using: HTTPHeadersExtractor())
        #expect(context.traceContext?.spanID == "00f067aa0ba902b7")

        let span = tracer.startSpan("GET /hotels", context: context, ofKind: .server)
        var outgoing = HTTPHeaders()
        tracer.inject(span.context, into: &outgoing, using: HTTPHeadersInjector())
        span.end()

        let sent = try TraceContext(traceparent: try #require(outgoing.first(name: "traceparent")))
        #expect(sent.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(sent.spanID == span.traceContext.spanID)
        #expect(sent.spanID != "00f067aa0ba902b7")
        #expect(outgoing.first(name: "tracestate") == "vendor=1")
        let record = try #require(sink.all.first)
        #expect(record.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(record.parentSpanID == "00f067aa0ba902b7")
        #expect(record.spanID == sent.spanID)
    }

    @Test func invalidIncomingHeaderStartsANewTrace() {
        let sink = TracingSpanSink()
        let tracer = Self.tracer(sink)
        var context = ServiceContext.topLevel
        tracer.extract(
            ["traceparent": "00-00000000000000000000000000000000-00f067aa0ba902b7-01"], into: &context,
            using: DictionaryHeadersExtractor())
        #expect(context.traceContext == nil)
        tracer.startSpan("root", context: context).end()
        #expect(sink.all.first?.parentSpanID == nil)
    }

    @Test func recordErrorSetsStatusAndAddsAnExceptionEvent() throws {
        struct Boom: Error, CustomStringConvertible { var description: String { "database unreachable" } }
        let sink = TracingSpanSink()
        let tracer = Self.tracer(sink)
        #expect(throws: Boom.self) {
            try tracer.withSpan("GET /reservation") { _ in throw Boom() }
        }
        let span = try #require(sink.all.first)
        #expect(span.status == .error("database unreachable"))
        let event = try #require(span.events.first)
        #expect(event.name == "exception")
        #expect(event.attributes["exception.message"] == "database unreachable")
        #expect(event.attributes["exception.type"]?.description.contains("Boom") == true)
    }

    @Test func okStatusIsFinalAndEndingTwiceExportsOnce() {
        let sink = TracingSpanSink()
        let span = Self.tracer(sink).startSpan("op")
        span.setStatus(SpanStatus(code: .ok))
        span.setStatus(SpanStatus(code: .error, message: "late"))
        span.end()
        span.end()
        #expect(sink.all.count == 1)
        #expect(sink.all.first?.status == .ok)
    }

    @Test func unsampledParentIsPropagatedButNotRecorded() {
        let sink = TracingSpanSink()
        let tracer = Self.tracer(sink)
        var context = ServiceContext.topLevel
        tracer.extract(
            ["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"], into: &context,
            using: DictionaryHeadersExtractor())
        let span = tracer.startSpan("op", context: context)
        var headers: [String: String] = [:]
        tracer.inject(span.context, into: &headers, using: DictionaryHeadersInjector())
        span.end()
        #expect(!span.isRecording)
        #expect(sink.all.isEmpty)
        #expect(headers["traceparent"]?.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-") == true)
        #expect(headers["traceparent"]?.hasSuffix("-00") == true)
    }

    @Test func spansReachTheStoreThroughOTLPJSON() throws {
        let sink = TracingSpanSink()
        let tracer = Self.tracer(sink)
        tracer.withSpan("outer", ofKind: .server) { _ in tracer.withSpan("inner") { _ in } }
        let store = TraceStore()
        let response = OTLPReceiver(store: store).handle(
            method: "POST", path: "/v1/traces", contentType: "application/json",
            body: OTLPTraceJSON.encodeData(sink.all))
        #expect(response.status == 200)
        let traceID = try #require(sink.all.first?.traceID)
        #expect(store.trace(id: traceID)?.map(\.operationName) == ["outer", "inner"])
    }
}
