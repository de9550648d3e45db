import Foundation
import OpsLabCore
import Testing

@testable import OpsLabApps

@Suite("Role telemetry: database and cache clients")
struct TelemetryDatastoreTests {
    @Test("document store operations are counted by outcome; a denied command's span carries the server's text")
    func documentStore() async throws {
        let server = try await MongoTestServer.start()
        defer { try? FileManager.default.removeItem(at: server.directory) }
        let tracer = RecordingTracer()
        let telemetry = RoleTelemetry(serviceName: "geo", tracer: tracer)
        let http = RoleHTTPClient(resolver: nil, telemetry: telemetry)
        defer { http.close() }
        let client = DocumentStoreClient(url: "mongodb://admin:admin@\(server.ip):\(server.port)", http: http)
        try await client.ping()
        try await client.insertMany(database: "geo-db", collection: "geo", documents: [["hotelId": "1"]])
        #expect(try await client.count(database: "geo-db", collection: "geo", filter: .emptyObject) == 1)
        let root = DocumentStoreClient(url: "mongodb://root:root@\(server.ip):\(server.port)", http: http)
        _ = try await root.run(
            ["revokeRolesFromUser": "admin", "roles": [["role": "readWrite", "db": "geo-db"]]], database: "admin")
        await #expect(throws: DocumentStoreError.self) {
            try await client.count(database: "geo-db", collection: "geo", filter: .emptyObject)
        }
        _ = await server.stop()
        await #expect(throws: DocumentStoreError.self) {
            try await client.find(database: "geo-db", collection: "geo", filter: .emptyObject)
        }

        let (samples, types) = try Exposition.parse(telemetry.exposition())
        #expect(types["db_client_operations_total"] == "counter")
        func operations(_ collection: String, _ operation: String, _ outcome: String) -> Double? {
            samples.value(
                "db_client_operations_total",
                [
                    "db_system": "mongodb", "db_name": operation == "ping" ? "admin" : "geo-db",
                    "collection": collection, "operation": operation, "outcome": outcome,
                ])
        }
        #expect(operations("", "ping", "ok") == 1)
        #expect(operations("geo", "insert", "ok") == 1)
        #expect(operations("geo", "count", "ok") == 1)
        #expect(operations("geo", "count", "Unauthorized") == 1)
        #expect(operations("geo", "find", "unreachable") == 1)
        #expect(
            samples.value(
                "db_client_operation_duration_seconds_count", ["db_system": "mongodb", "operation": "count"]) == 2)

        let denied = try #require(
            tracer.spans.first { $0.name == "count geo" && $0.status?.code == .error })
        #expect(denied.kind == .client)
        #expect(denied.string("db.system") == "mongodb")
        #expect(denied.string("db.name") == "geo-db")
        #expect(denied.string("db.operation") == "count")
        #expect(denied.string("db.collection.name") == "geo")
        #expect(denied.string("db.mongodb.collection") == "geo")
        #expect(denied.status?.message?.hasPrefix("not authorized on geo-db to execute command") == true)
        // The HTTP call to the store is a child of the database span.
        let transport = try #require(tracer.spans.first { $0.ids.parentSpanID == denied.ids.spanID })
        #expect(transport.kind == .client && transport.name == "POST /command")
        #expect(transport.int("http.response.status_code") == 403)
    }

    @Test("memcached reads count hits and misses per key; failures count errors")
    func memcached() async throws {
        let ip = NetTestSupport.uniqueIP()
        let server = MemcachedServer(host: ip, port: 0, limitBytes: 1 << 20)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run { continuation.yield($0) } }
        defer { task.cancel() }
        var port = 0
        for await bound in stream {
            port = bound
            break
        }
        let tracer = RecordingTracer()
        let telemetry = RoleTelemetry(serviceName: "rate", tracer: tracer)
        let client = MemcachedClient(address: "\(ip):\(port)", resolver: nil, telemetry: telemetry)
        defer { client.close() }
        try await client.set("1", Data("a".utf8))
        #expect(try await client.get("1") == Data("a".utf8))
        #expect(try await client.get("2") == nil)
        #expect(try await client.getMulti(["1", "2", "3"]).count == 1)
        let down = MemcachedClient(address: "\(NetTestSupport.uniqueIP()):11211", resolver: nil, telemetry: telemetry)
        await #expect(throws: MemcachedClientError.self) { try await down.get("1") }

        let (samples, _) = try Exposition.parse(telemetry.exposition())
        let name = "cache_operations_total"
        #expect(samples.value(name, ["operation": "set", "result": "ok"]) == 1)
        #expect(samples.value(name, ["operation": "get", "result": "hit"]) == 1)
        #expect(samples.value(name, ["operation": "get", "result": "miss"]) == 1)
        #expect(samples.value(name, ["operation": "get", "result": "error"]) == 1)
        #expect(samples.value(name, ["operation": "get_multi", "result": "hit"]) == 1)
        #expect(samples.value(name, ["operation": "get_multi", "result": "miss"]) == 2)
        #expect(samples.value("cache_operation_duration_seconds_count", ["operation": "get"]) == 3)

        let failed = try #require(tracer.spans.first { $0.status?.code == .error })
        #expect(failed.string("db.system") == "memcached")
        #expect(failed.string("db.operation") == "get")
        #expect(failed.status?.message?.contains("connection refused") == true)
        let multi = try #require(tracer.spans.first { $0.string("db.operation") == "get_multi" })
        #expect(multi.int("cache.hits") == 1 && multi.int("cache.misses") == 2)
        #expect(multi.name == "get_multi \(ip)")
    }
}
