import Foundation
import OpsLabCore
import Testing

@testable import OpsLabApps

@Suite("Role telemetry: /metrics from live traffic")
struct TelemetryMetricsTests {
    /// A handler with fixed routes, an id route, a failing route and 404 for the rest.
    static func handler(_ request: RoleHTTPRequest) async -> RoleHTTPResponse {
        switch request.path {
        case "/hotels": return .json(200, ["ok": true])
        case "/boom": return .json(500, ["code": "Unknown", "message": "geo is down"])
        default:
            if request.path.hasPrefix("/user/") { return .text(200, "user\n") }
            return .text(404, "404 page not found\n")
        }
    }

    /// Starts a server with its own telemetry; returns its base URL, the telemetry and the task.
    static func startServer(
        _ telemetry: RoleTelemetry,
        _ handler: @escaping @Sendable (RoleHTTPRequest) async -> RoleHTTPResponse = handler
    ) async throws -> (base: String, task: Task<Void, any Error>) {
        let ip = NetTestSupport.uniqueIP()
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = RoleHTTPServer(host: ip, port: 0, telemetry: telemetry, handler: handler)
        let task = Task {
            defer { continuation.finish() }
            try await server.run { port in continuation.yield(port) }
        }
        for await port in stream { return ("http://\(ip):\(port)", task) }
        _ = try await task.value
        throw CancellationError()
    }

    @Test("GET /metrics counts requests by method, route template and code, with histogram buckets")
    func serverMetrics() async throws {
        let telemetry = RoleTelemetry(serviceName: "frontend")
        let server = try await Self.startServer(telemetry)
        defer { server.task.cancel() }
        let client = RoleHTTPClient(resolver: nil, telemetry: RoleTelemetry(serviceName: "test-client"))
        defer { client.close() }
        for _ in 0..<2 { #expect(try await client.send("GET", "\(server.base)/hotels?lat=1").status == 200) }
        #expect(try await client.send("POST", "\(server.base)/hotels").status == 200)
        #expect(try await client.send("GET", "\(server.base)/user/42").status == 200)
        #expect(try await client.send("GET", "\(server.base)/user/77").status == 200)
        #expect(try await client.send("GET", "\(server.base)/boom").status == 500)
        #expect(try await client.send("GET", "\(server.base)/random/x9").status == 404)

        let scrape = try await client.send("GET", "\(server.base)/metrics")
        #expect(scrape.status == 200)
        #expect(scrape.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let (samples, types) = try Exposition.parse(scrape.bodyText)
        let requests = "http_server_requests_total"
        #expect(types[requests] == "counter")
        #expect(types["http_server_request_duration_seconds"] == "histogram")
        #expect(types["http_server_requests_in_flight"] == "gauge")
        #expect(samples.value(requests, ["method": "GET", "route": "/hotels", "code": "200"]) == 2)
        #expect(samples.value(requests, ["method": "POST", "route": "/hotels", "code": "200"]) == 1)
        #expect(samples.value(requests, ["method": "GET", "route": "/user/:id", "code": "200"]) == 2)
        #expect(samples.value(requests, ["method": "GET", "route": "/boom", "code": "500"]) == 1)
        #expect(samples.value(requests, ["method": "GET", "route": "unmatched", "code": "404"]) == 1)
        // Raw paths never become labels, and scrapes are not counted.
        #expect(!samples.contains { $0.labels["route"] == "/user/42" || $0.labels["route"] == "/random/x9" })
        #expect(!samples.contains { $0.labels["route"] == "/metrics" })

        let histogram = "http_server_request_duration_seconds"
        let hotels = ["method": "GET", "route": "/hotels"]
        #expect(samples.value(histogram + "_count", hotels) == 2)
        #expect(samples.value(histogram + "_bucket", hotels.merging(["le": "+Inf"]) { $1 }) == 2)
        let buckets = samples.filter {
            $0.name == histogram + "_bucket" && $0.labels["route"] == "/hotels" && $0.labels["method"] == "GET"
        }
        #expect(buckets.count == RoleMetricName.latencyBuckets.count + 1)
        #expect(buckets.contains { $0.labels["le"] == "0.001" })
        #expect(buckets.contains { $0.labels["le"] == "10.0" })
        #expect((samples.value(histogram + "_sum", hotels) ?? -1) >= 0)
        #expect(samples.value("http_server_requests_in_flight") == 0)
        #expect(samples.value("opslab_role_info", ["service": "frontend"]) == 1)
        #expect((samples.value("process_start_time_seconds") ?? 0) > 1_600_000_000)
        #if os(Linux)
        #expect((samples.value("process_resident_memory_bytes") ?? 0) > 1_000_000)
        #expect((samples.value("process_open_fds") ?? 0) > 0)
        #expect(samples.value("process_cpu_seconds_total") != nil)
        #endif
    }

    @Test("outbound calls are counted per peer service, failures by error class")
    func clientMetrics() async throws {
        let telemetry = RoleTelemetry(serviceName: "frontend")
        let client = RoleHTTPClient(resolver: nil, timeout: .seconds(2), telemetry: telemetry)
        defer { client.close() }
        let server = try await Self.startServer(RoleTelemetry(serviceName: "geo"))
        defer { server.task.cancel() }
        let ip = try #require(RoleURL(server.base)).host
        _ = try await client.send("POST", "\(server.base)/boom")
        _ = try await client.send("GET", "\(server.base)/hotels")

        let refusedIP = NetTestSupport.uniqueIP()
        await #expect(throws: RoleHTTPClientError.self) { try await client.send("GET", "http://\(refusedIP):9/geo") }
        let closing = try await NetTestSupport.startClosingServer()
        defer { closing.channel.close(promise: nil) }
        await #expect(throws: RoleHTTPClientError.self) {
            try await client.send("POST", "http://\(closing.ip):\(closing.port)/geo.Geo/Nearby")
        }

        let (samples, _) = try Exposition.parse(telemetry.exposition())
        let requests = "http_client_requests_total"
        #expect(samples.value(requests, ["peer_service": ip, "route": "/boom", "code": "500"]) == 1)
        #expect(samples.value(requests, ["peer_service": ip, "route": "/hotels", "code": "200"]) == 1)
        #expect(samples.value(requests, ["peer_service": refusedIP, "route": "/geo", "code": "error"]) == 1)
        #expect(
            samples.value(requests, ["peer_service": closing.ip, "route": "/geo.Geo/Nearby", "code": "error"]) == 1)
        let errors = "http_client_errors_total"
        #expect(samples.value(errors, ["peer_service": refusedIP, "error": "connection_refused"]) == 1)
        // The peer closes without answering: EOF, or a reset when the request was still being written.
        let closed = ["eof", "connection_reset"].compactMap {
            samples.value(errors, ["peer_service": closing.ip, "error": $0])
        }
        #expect(closed == [1])
        #expect(samples.value(errors, ["peer_service": ip, "error": "eof"]) == nil)
        #expect(samples.value("http_client_request_duration_seconds_count", ["peer_service": ip]) == 2)
        // Every call has ended, answered or failed: nothing is waiting on any peer.
        #expect(samples.value("http_client_requests_in_flight", ["peer_service": ip]) == 0)
        #expect(samples.value("http_client_requests_in_flight", ["peer_service": refusedIP]) == 0)
    }

    @Test("a role that serves /metrics itself keeps it when servesMetrics is off")
    func ownMetricsRoute() async throws {
        let ip = NetTestSupport.uniqueIP()
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        var server = RoleHTTPServer(host: ip, port: 0, telemetry: RoleTelemetry(serviceName: "x")) { _ in
            .text(200, "mine\n")
        }
        server.servesMetrics = false
        let task = Task {
            defer { continuation.finish() }
            try await server.run { continuation.yield($0) }
        }
        defer { task.cancel() }
        var port = 0
        for await bound in stream {
            port = bound
            break
        }
        let client = RoleHTTPClient(resolver: nil, telemetry: RoleTelemetry(serviceName: "c"))
        defer { client.close() }
        #expect(try await client.send("GET", "http://\(ip):\(port)/metrics").bodyText == "mine\n")
    }
}
