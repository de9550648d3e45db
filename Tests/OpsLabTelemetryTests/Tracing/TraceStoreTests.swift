import OpsLabTelemetry
import Testing

@Suite struct TraceStoreTests {
    typealias T = TracingTestSpans

    @Test func groupsSpansIntoTracesAndIndexesNames() throws {
        let store = TraceStore()
        store.insert([
            T.span(trace: 1, span: 1, service: "frontend", operation: "GET /hotels", startMillis: 0),
            T.span(trace: 1, span: 2, parent: 1, service: "search", operation: "Nearby", startMillis: 1),
            T.span(trace: 1, span: 3, parent: 1, service: "frontend", operation: "call search", kind: .client),
        ])
        #expect(store.services() == ["frontend", "search"])
        let operations = store.operations(service: "frontend")
        #expect(operations.map(\.name) == ["GET /hotels", "call search"])
        #expect(store.operations(service: "frontend", kind: .client).map(\.name) == ["call search"])
        let trace = try #require(store.trace(id: T.traceID(1)))
        #expect(trace.map(\.spanID) == [T.spanID(1), T.spanID(3), T.spanID(2)])
        #expect(store.trace(id: T.traceID(1).uppercased())?.count == 3)
        #expect(store.trace(id: T.traceID(2)) == nil)
    }

    @Test func ignoresDuplicateSpans() {
        let store = TraceStore()
        store.insert([T.span(trace: 1, span: 1)])
        store.insert([T.span(trace: 1, span: 1)])
        #expect(store.statistics.spans == 1)
        #expect(store.statistics.duplicateSpans == 1)
    }

    @Test func evictsWholeOldestTracesToStayWithinTheBound() {
        let store = TraceStore(maxSpans: 10)
        for trace in 0..<6 {
            store.insert((0..<3).map { T.span(trace: trace, span: $0, startMillis: UInt64(trace)) })
            #expect(store.statistics.spans <= 10)
        }
        let stats = store.statistics
        #expect(stats.spans == 9)
        #expect(stats.traces == 3)
        #expect(stats.evictedTraces == 3)
        #expect(stats.evictedSpans == 9)
        for trace in 0..<3 { #expect(store.trace(id: T.traceID(trace)) == nil) }
        for trace in 3..<6 { #expect(store.trace(id: T.traceID(trace))?.count == 3) }
        #expect(store.search(TraceQuery(serviceName: "frontend")).count == 3)
        #expect(store.services() == ["frontend"])
    }

    @Test func holdsManySpansWithinTheDefaultBoundShape() {
        let store = TraceStore(maxSpans: 1000)
        for batch in 0..<50 {
            store.insert((0..<100).map { T.span(trace: batch * 100 + $0 / 4, span: $0) })
        }
        #expect(store.statistics.spans <= 1000)
        #expect(store.statistics.spans >= 996)
    }

    @Test func searchesLikeJaeger() {
        let store = TraceStore()
        store.insert([
            T.span(trace: 1, span: 1, operation: "GET /hotels", startMillis: 0, millis: 5),
            T.span(
                trace: 2, span: 1, operation: "GET /hotels", startMillis: 100, millis: 500,
                status: .error("timeout"), attributes: ["http.status_code": 504]),
            T.span(trace: 3, span: 1, operation: "POST /reservation", startMillis: 200, millis: 50),
            T.span(trace: 4, span: 1, service: "search", operation: "Nearby", startMillis: 300, millis: 50),
        ])
        func ids(_ query: TraceQuery) -> [String] { store.search(query).compactMap { $0.first?.traceID } }
        #expect(ids(TraceQuery(serviceName: "frontend")) == [T.traceID(3), T.traceID(2), T.traceID(1)])
        #expect(ids(TraceQuery(serviceName: "frontend", operationName: "GET /hotels")) == [T.traceID(2), T.traceID(1)])
        #expect(ids(TraceQuery(serviceName: "frontend", tags: ["error": "true"])) == [T.traceID(2)])
        #expect(ids(TraceQuery(serviceName: "frontend", tags: ["http.status_code": "504"])) == [T.traceID(2)])
        #expect(ids(TraceQuery(serviceName: "frontend", minDurationNanos: 40_000_000)) == [T.traceID(3), T.traceID(2)])
        #expect(ids(TraceQuery(serviceName: "frontend", maxDurationNanos: 60_000_000)) == [T.traceID(3), T.traceID(1)])
        let start = T.base + 50_000_000
        let end = T.base + 150_000_000
        #expect(
            ids(TraceQuery(serviceName: "frontend", startMinUnixNano: start, startMaxUnixNano: end)) == [T.traceID(2)])
        #expect(ids(TraceQuery(serviceName: "frontend", limit: 1)) == [T.traceID(3)])
        #expect(ids(TraceQuery(serviceName: "search")) == [T.traceID(4)])
        #expect(ids(TraceQuery(serviceName: "nobody")).isEmpty)
    }

    @Test func isSafeUnderConcurrentWriters() async {
        let store = TraceStore(maxSpans: 500)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<200 { store.insert([T.span(trace: writer * 1000 + index, span: 1)]) }
                }
            }
        }
        #expect(store.statistics.spans == 500)
        #expect(store.statistics.evictedTraces == 300)
    }
}
