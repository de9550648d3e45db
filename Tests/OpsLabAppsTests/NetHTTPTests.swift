import Foundation
import OpsLabCore
import Synchronization
import Testing

@testable import OpsLabApps

@Suite("Net HTTP server and client")
struct NetHTTPTests {
    @Test("request targets split into path and decoded query")
    func parseTarget() {
        let request = RoleHTTPRequest(
            method: "GET", target: "http://localhost:5000/hotels?inDate=2015-04-09&lat=nil&x=a+b%21&x=2")
        #expect(request.path == "/hotels")
        #expect(request.query["inDate"] == "2015-04-09")
        #expect(request.query["lat"] == "nil")
        #expect(request.query["x"] == "a b!")
        #expect(RoleHTTPRequest(method: "GET", target: "/").query.isEmpty)
    }

    @Test("URLs parse host, port and target")
    func parseURL() throws {
        let url = try #require(RoleURL("http://geo:8083/nearby?lat=1"))
        #expect(url.host == "geo")
        #expect(url.port == 8083)
        #expect(url.requestTarget == "/nearby?lat=1")
        #expect(RoleURL("http://frontend")?.requestTarget == "/")
        #expect(RoleURL("http://frontend")?.port == 80)
        #expect(RoleURL("https://x:1/") == nil)
        #expect(RoleURL("http://x:notaport/") == nil)
    }

    @Test("JSON and text responses carry a content type and body")
    func responses() {
        let json = RoleHTTPResponse.json(200, ["message": "Login successfully!"])
        #expect(json.bodyText == "{\"message\":\"Login successfully!\"}\n")
        #expect(json.header("content-type") == "application/json")
        #expect(RoleHTTPResponse.text(400, "bad\n").bodyText == "bad\n")
    }

    @Test("round trip: method, query, headers, body and status")
    func roundTrip() async throws {
        let server = try await NetTestSupport.startServer { request in
            .json(
                201,
                [
                    "method": .string(request.method), "path": .string(request.path),
                    "lat": .string(request.query["lat"] ?? ""), "trace": .string(request.headers["x-trace"] ?? ""),
                    "body": .string(String(decoding: request.body, as: UTF8.self)),
                ])
        }
        defer { server.task.cancel() }
        let client = RoleHTTPClient(resolver: nil)
        let response = try await client.send(
            "POST", "http://\(server.ip):\(server.port)/nearby?lat=37.5", headers: [("X-Trace", "abc")],
            body: Data("hello".utf8)
        )
        #expect(response.status == 201)
        let body = try #require(response.jsonBody)
        #expect(body["method"] == "POST")
        #expect(body["path"] == "/nearby")
        #expect(body["lat"] == "37.5")
        #expect(body["trace"] == "abc")
        #expect(body["body"] == "hello")
    }

    @Test("keep-alive: sequential requests reuse one connection")
    func keepAlive() async throws {
        let peers = Mutex<Set<String>>([])
        let server = try await NetTestSupport.startServer { request in
            peers.withLock { _ = $0.insert(request.remoteAddress ?? "") }
            return .text(200, "ok")
        }
        defer { server.task.cancel() }
        let client = RoleHTTPClient(resolver: nil)
        for _ in 0..<5 {
            let response = try await client.send("GET", "http://\(server.ip):\(server.port)/")
            #expect(response.bodyText == "ok")
        }
        #expect(peers.withLock { $0.count } == 1)
        #expect(client.idleConnectionCount == 1)
    }

    @Test("concurrent requests all succeed")
    func concurrent() async throws {
        let server = try await NetTestSupport.startServer { request in .text(200, request.query["i"] ?? "") }
        defer { server.task.cancel() }
        let client = RoleHTTPClient(resolver: nil)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let response = try await client.send("GET", "http://\(server.ip):\(server.port)/?i=\(index)")
                    return response.bodyText == "\(index)"
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 50)
        #expect(results.allSatisfy { $0 })
    }

    @Test("connection refused reads like Go")
    func refused() async throws {
        let ip = NetTestSupport.uniqueIP()
        let client = RoleHTTPClient(resolver: nil)
        let error = await #expect(throws: RoleHTTPClientError.self) {
            _ = try await client.send("GET", "http://\(ip):8083/nearby")
        }
        #expect(error?.description == "dial tcp \(ip):8083: connect: connection refused")
        #expect(error?.kind == .connectionRefused)
        #expect(
            error?.urlErrorDescription
                == "Get \"http://\(ip):8083/nearby\": dial tcp \(ip):8083: connect: connection refused")
    }

    @Test("a slow server times out with i/o timeout")
    func timeout() async throws {
        let server = try await NetTestSupport.startServer { _ in
            try? await Task.sleep(for: .seconds(3))
            return .text(200, "late")
        }
        defer { server.task.cancel() }
        let client = RoleHTTPClient(resolver: nil, timeout: .milliseconds(200))
        let started = ContinuousClock.now
        let error = await #expect(throws: RoleHTTPClientError.self) {
            _ = try await client.send("GET", "http://\(server.ip):\(server.port)/")
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(error?.kind == .timeout)
        #expect(error?.description.hasSuffix("->\(server.ip):\(server.port): i/o timeout") == true)
        #expect(error?.description.hasPrefix("read tcp ") == true)
    }

    @Test("unknown hosts fail with no such host; known Service names resolve")
    func resolution() async throws {
        let server = try await NetTestSupport.startServer { _ in .text(200, "geo here") }
        defer { server.task.cancel() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("svc-\(UUID().uuidString).json")
        try Data("{\"geo.test-hotel-reservation\": \"\(server.ip)\"}".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let resolver = ServiceResolver(path: file.path, namespace: "test-hotel-reservation")
        let client = RoleHTTPClient(resolver: resolver)
        let response = try await client.send("GET", "http://geo:\(server.port)/")
        #expect(response.bodyText == "geo here")
        let error = await #expect(throws: RoleHTTPClientError.self) {
            _ = try await client.send("GET", "http://rate:8084/")
        }
        #expect(error?.description == "lookup rate: no such host")
    }

    @Test("a server that closes the connection gives EOF")
    func eof() async throws {
        let server = try await NetTestSupport.startClosingServer()
        defer { server.channel.close(promise: nil) }
        let client = RoleHTTPClient(resolver: nil)
        let error = await #expect(throws: RoleHTTPClientError.self) {
            _ = try await client.send("GET", "http://\(server.ip):\(server.port)/")
        }
        #expect(error?.description == "EOF")
    }

    @Test("binding a taken address fails like Go")
    func bindInUse() async throws {
        let server = try await NetTestSupport.startServer { _ in .text(200, "") }
        defer { server.task.cancel() }
        let second = RoleHTTPServer(host: server.ip, port: server.port) { _ in .text(200, "") }
        let error = await #expect(throws: RoleError.self) { try await second.run() }
        #expect(error?.message == "listen tcp \(server.ip):\(server.port): bind: address already in use")
    }

    @Test("cancelling the server stops it and closes connections")
    func cancellation() async throws {
        let server = try await NetTestSupport.startServer { _ in .text(200, "ok") }
        let client = RoleHTTPClient(resolver: nil, timeout: .seconds(1))
        _ = try await client.send("GET", "http://\(server.ip):\(server.port)/")
        server.task.cancel()
        _ = try? await server.task.value
        await #expect(throws: RoleHTTPClientError.self) {
            _ = try await client.send("GET", "http://\(server.ip):\(server.port)/")
        }
    }
}
