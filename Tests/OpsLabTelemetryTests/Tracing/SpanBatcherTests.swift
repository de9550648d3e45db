import OpsLabTelemetry
import Synchronization
import Testing

/// An exporter that records every batch it is given.
final class TracingFakeExporter: Sendable {
    private let batches = Mutex<[[SpanRecord]]>([])

    func export(_ spans: [SpanRecord]) async { batches.withLock { $0.append(spans) } }

    var all: [[SpanRecord]] { batches.withLock { $0 } }
}

@Suite struct SpanBatcherTests {
    static func spans(_ count: Int, from start: Int = 0) -> [SpanRecord] {
        (start..<start + count).map { TracingTestSpans.span(trace: $0, span: 1) }
    }

    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test func fullBatchIsExportedWithoutWaitingForTheTimer() async throws {
        let exporter = TracingFakeExporter()
        let batcher = SpanBatcher(configuration: .init(scheduleDelay: .seconds(3600), maxExportBatchSize: 4)) {
            await exporter.export($0)
        }
        let running = Task { try await batcher.run() }
        for span in Self.spans(4) { batcher.enqueue(span) }
        try await Self.waitUntil { exporter.all.count == 1 }
        #expect(exporter.all.map(\.count) == [4])
        running.cancel()
        try await running.value
    }

    @Test func scheduledFlushExportsPartialBatches() async throws {
        let exporter = TracingFakeExporter()
        let batcher = SpanBatcher(configuration: .init(scheduleDelay: .milliseconds(50))) { await exporter.export($0) }
        let running = Task { try await batcher.run() }
        for span in Self.spans(3) { batcher.enqueue(span) }
        try await Self.waitUntil { exporter.all.count == 1 }
        #expect(exporter.all.first?.count == 3)
        running.cancel()
        try await running.value
        #expect(batcher.statistics.exported == 3)
    }

    @Test func stoppingFlushesWhatIsQueued() async throws {
        let exporter = TracingFakeExporter()
        let batcher = SpanBatcher(configuration: .init(scheduleDelay: .seconds(3600), maxExportBatchSize: 4)) {
            await exporter.export($0)
        }
        let running = Task { try await batcher.run() }
        for span in Self.spans(10) { batcher.enqueue(span) }
        running.cancel()
        try await running.value
        #expect(exporter.all.flatMap { $0 }.count == 10)
        #expect(exporter.all.allSatisfy { $0.count <= 4 })
        #expect(batcher.statistics.queued == 0)
    }

    @Test func fullQueueDropsAndCounts() async {
        let exporter = TracingFakeExporter()
        let batcher = SpanBatcher(configuration: .init(maxExportBatchSize: 2, maxQueueSize: 5)) {
            await exporter.export($0)
        }
        for span in Self.spans(8) { batcher.enqueue(span) }
        #expect(batcher.droppedSpans == 3)
        #expect(batcher.statistics.queued == 5)
        await batcher.flush()
        #expect(exporter.all.map(\.count) == [2, 2, 1])
        #expect(exporter.all.flatMap { $0 }.map(\.traceID) == Self.spans(5).map(\.traceID))
    }

    @Test func tracerFeedsTheBatcher() async {
        let exporter = TracingFakeExporter()
        let batcher = SpanBatcher { await exporter.export($0) }
        let tracer = OTLPTracer(serviceName: "geo", batcher: batcher, idGenerator: TracingIDGenerator(seed: 1))
        tracer.withSpan("Nearby") { _ in }
        await batcher.flush()
        #expect(exporter.all.first?.first?.operationName == "Nearby")
        #expect(exporter.all.first?.first?.serviceName == "geo")
    }
}
