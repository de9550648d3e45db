import NIOCore
import NIOPosix
import OpsLabTelemetry
import Testing
import Tracing

@Suite struct OTLPHTTPExporterLiveTests {
    @Test func exportsOverOneKeptAliveConnection() async throws {
        let server = try await TracingTestOTLPServer.start()
        let exporter = try OTLPHTTPExporter(endpoint: "http://127.0.0.1:\(server.port)")
        let first = (0..<3).map { TracingTestSpans.span(trace: 1, span: $0) }
        let second = [TracingTestSpans.span(trace: 2, span: 1, service: "search")]
        await exporter.export(first)
        await exporter.export(second)
        let statistics = await exporter.currentStatistics
        await exporter.shutdown()
        try await server.stop()

        #expect(statistics.exportedSpans == 4)
        #expect(statistics.failedSpans == 0)
        #expect(statistics.connections == 1)
        #expect(server.connections == 1)
        #expect(server.store.trace(id: TracingTestSpans.traceID(1))?.count == 3)
        #expect(server.store.services() == ["frontend", "search"])
    }

    @Test func pipelineDeliversTracerSpansAndStopsCleanly() async throws {
        let server = try await TracingTestOTLPServer.start()
        let pipeline = try OTLPTracingPipeline(
            endpoint: "http://127.0.0.1:\(server.port)/", serviceName: "frontend",
            configuration: .init(scheduleDelay: .milliseconds(50)))
        let running = Task { try await pipeline.run() }
        let tracer = pipeline.tracer
        tracer.withSpan("GET /hotels", ofKind: .server) { _ in tracer.withSpan("geo.Nearby", ofKind: .client) { _ in } }
        for _ in 0..<300 where server.store.statistics.spans < 2 { try await Task.sleep(for: .milliseconds(10)) }
        tracer.withSpan("late") { _ in }
        running.cancel()
        try await running.value
        try await server.stop()

        #expect(server.store.statistics.spans == 3)
        let trace = try #require(
            server.store.search(TraceQuery(serviceName: "frontend", operationName: "geo.Nearby")).first)
        #expect(trace.count == 2)
        #expect(
            trace.first { $0.operationName == "geo.Nearby" }?.parentSpanID
                == trace.first { $0.operationName == "GET /hotels" }?.spanID)
    }

    @Test func failuresAreCountedNotThrown() async throws {
        let closed = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(closed.localAddress?.port)
        try await closed.close()
        let exporter = try OTLPHTTPExporter(endpoint: "http://127.0.0.1:\(port)", connectTimeout: .milliseconds(500))
        await exporter.export([TracingTestSpans.span(trace: 1, span: 1)])
        #expect(await exporter.currentStatistics.failedSpans == 1)
        await #expect(throws: TracingError.self) {
            _ = try await exporter.send([TracingTestSpans.span(trace: 1, span: 1)])
        }
        await exporter.shutdown()
    }

    @Test func rejectsUnusableEndpoints() {
        #expect(throws: TracingError.self) { try OTLPHTTPExporter(endpoint: "https://127.0.0.1:4318") }
        #expect(throws: TracingError.self) { try OTLPHTTPExporter(endpoint: "not a url") }
    }
}
