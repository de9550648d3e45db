import Foundation
import OpsLabCore
import Synchronization
import Testing
import Tracing

@testable import OpsLabApps

@Suite("Role telemetry: spans and trace propagation")
struct TelemetryTracingTests {
    /// Starts geo (answers `/geo.Geo/Nearby`, 500 on `/geo.Geo/Fail`) and a frontend that forwards to it.
    static func startChain(
        frontend: RoleTelemetry, geo: RoleTelemetry
    ) async throws -> (
        base: String, tasks: [Task<Void, any Error>], headers: Headers
    ) {
        let headers = Headers()
        let geoServer = try await TelemetryMetricsTests.startServer(geo) { request in
            headers.append(request.headers["traceparent"])
            if request.path == "/geo.Geo/Fail" {
                return .json(500, ["code": "Unknown", "message": "not authorized on geo-db to execute command"])
            }
            return .json(200, ["hotelIds": ["1"]])
        }
        let client = RoleHTTPClient(resolver: nil, telemetry: frontend)
        let geoBase = geoServer.base
        let frontendServer = try await TelemetryMetricsTests.startServer(frontend) { request in
            let method = request.path == "/fail" ? "Fail" : "Nearby"
            do {
                let answer = try await client.send("POST", "\(geoBase)/geo.Geo/\(method)", body: Data("{}".utf8))
                return RoleHTTPResponse(status: answer.status, body: answer.body)
            } catch {
                return .text(500, "\(error)")
            }
        }
        return (frontendServer.base, [frontendServer.task, geoServer.task], headers)
    }

    /// The `traceparent` values geo received (`nil` for none).
    final class Headers: Sendable {
        private let values = Mutex<[String?]>([])
        func append(_ value: String?) { values.withLock { $0.append(value) } }
        var all: [String?] { values.withLock { $0 } }
    }

    @Test("server span → client span → next server span share one trace and link parent to child")
    func chainLinks() async throws {
        let tracer = RecordingTracer()
        let chain = try await Self.startChain(
            frontend: RoleTelemetry(serviceName: "frontend", tracer: tracer),
            geo: RoleTelemetry(serviceName: "geo", tracer: tracer))
        defer { chain.tasks.forEach { $0.cancel() } }
        let user = RoleHTTPClient(resolver: nil, telemetry: RoleTelemetry(serviceName: "wrk"))
        defer { user.close() }
        #expect(try await user.send("GET", "\(chain.base)/hotels?lat=1").status == 200)

        let spans = tracer.spans
        let root = try #require(spans.first { $0.kind == .server && $0.name == "GET /hotels" })
        let call = try #require(spans.first { $0.kind == .client })
        let geo = try #require(spans.first { $0.kind == .server && $0.name == "POST /geo.Geo/Nearby" })
        #expect(root.ids.parentSpanID == nil)
        #expect(call.ids.traceID == root.ids.traceID && geo.ids.traceID == root.ids.traceID)
        #expect(call.ids.parentSpanID == root.ids.spanID)
        #expect(geo.ids.parentSpanID == call.ids.spanID)
        #expect(chain.headers.all == ["00-\(call.ids.traceID)-\(call.ids.spanID)-01"])
        #expect(call.name == "POST /geo.Geo/Nearby")
        #expect(call.string("peer.service") != nil && call.string("peer.service") == call.string("server.address"))
        #expect(call.string("http.route") == "/geo.Geo/Nearby")
        #expect(call.int("http.response.status_code") == 200)
        #expect(root.string("http.request.method") == "GET")
        #expect(root.string("http.route") == "/hotels")
        #expect(root.int("http.response.status_code") == 200)
        #expect(root.status?.code != .error)
    }

    @Test("a 5xx marks the server and client spans as errors with the error text")
    func errorStatus() async throws {
        let tracer = RecordingTracer()
        let chain = try await Self.startChain(
            frontend: RoleTelemetry(serviceName: "frontend", tracer: tracer),
            geo: RoleTelemetry(serviceName: "geo", tracer: tracer))
        defer { chain.tasks.forEach { $0.cancel() } }
        let user = RoleHTTPClient(resolver: nil, telemetry: RoleTelemetry(serviceName: "wrk"))
        defer { user.close() }
        #expect(try await user.send("GET", "\(chain.base)/fail").status == 500)
        let geo = try #require(tracer.spans.first { $0.name == "POST /geo.Geo/Fail" && $0.kind == .server })
        #expect(geo.status == SpanStatus(code: .error, message: "not authorized on geo-db to execute command"))
        #expect(geo.int("http.response.status_code") == 500)
        let call = try #require(tracer.spans.first { $0.kind == .client })
        #expect(call.status?.code == .error)
        let root = try #require(tracer.spans.first { $0.name == "GET /fail" })
        #expect(root.status?.code == .error)
    }

    @Test("a failed call without a response ends the client span with the Go-style error")
    func clientFailure() async throws {
        let tracer = RecordingTracer()
        let client = RoleHTTPClient(resolver: nil, telemetry: RoleTelemetry(serviceName: "frontend", tracer: tracer))
        defer { client.close() }
        let ip = NetTestSupport.uniqueIP()
        await #expect(throws: RoleHTTPClientError.self) { try await client.send("GET", "http://\(ip):9/x") }
        let span = try #require(tracer.spans.first)
        #expect(span.kind == .client && span.errorCount == 1)
        #expect(span.status?.code == .error)
        #expect(span.status?.message == "dial tcp \(ip):9: connect: connection refused")
        #expect(span.string("error.type") == "connection_refused")
    }

    @Test("the bootstrapped (task-local) tracer is used when the telemetry names none")
    func instrumentationSystemTracer() async throws {
        let tracer = RecordingTracer()
        try await withTracer(tracer) {
            let chain = try await Self.startChain(
                frontend: RoleTelemetry(serviceName: "frontend"), geo: RoleTelemetry(serviceName: "geo"))
            defer { chain.tasks.forEach { $0.cancel() } }
            let user = RoleHTTPClient(resolver: nil, telemetry: RoleTelemetry(serviceName: "wrk"))
            defer { user.close() }
            #expect(try await user.send("GET", "\(chain.base)/hotels").status == 200)
            // The user's own client span started the trace here, so the frontend continued it.
            let geo = try #require(tracer.spans.first { $0.name == "POST /geo.Geo/Nearby" && $0.kind == .server })
            let root = try #require(tracer.spans.first { $0.name == "GET /hotels" && $0.kind == .client })
            #expect(geo.ids.traceID == root.ids.traceID)
            #expect(chain.headers.all.count == 1 && chain.headers.all[0] != nil)
        }
    }

    @Test("without a tracer (no-op) requests work and carry no traceparent")
    func noOpTracer() async throws {
        let frontend = RoleTelemetry(serviceName: "frontend")
        let chain = try await Self.startChain(frontend: frontend, geo: RoleTelemetry(serviceName: "geo"))
        defer { chain.tasks.forEach { $0.cancel() } }
        let user = RoleHTTPClient(resolver: nil, telemetry: RoleTelemetry(serviceName: "wrk"))
        defer { user.close() }
        #expect(try await user.send("GET", "\(chain.base)/hotels").status == 200)
        #expect(chain.headers.all == [nil])
        let (samples, _) = try Exposition.parse(frontend.exposition())
        #expect(samples.value("http_server_requests_total", ["method": "GET", "route": "/hotels", "code": "200"]) == 1)
    }
}
