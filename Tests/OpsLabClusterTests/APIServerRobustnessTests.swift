import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import OpsLabCore
import OpsLabKube
import Synchronization
import Testing

@testable import OpsLabCluster

/// A real API server over TLS on 127.210.0.1 (ephemeral port) around a router, and raw clients to abuse it.
struct LiveAPIServer {
    static let host = "127.210.0.1"

    let fixture: RouterFixture
    let port: Int
    let clientTLS: NIOSSLContext
    let transport: HTTPSTransport

    /// Runs `body` against a fresh server and stops the server afterwards.
    static let requestTimeout = TimeAmount.seconds(2)

    static func with(
        maxBodySize: Int = 16 << 20, requestTimeout: TimeAmount = requestTimeout,
        _ body: (LiveAPIServer) async throws -> Void
    ) async throws {
        let fixture = try await RouterFixture()
        let authority = try CertificateAuthority.generate()
        let issued = try authority.issueServerCertificate(ipAddresses: [host], dnsNames: ["localhost"])
        var serverConfiguration = try ServerTLS.makeServerConfiguration(
            certificatePEM: issued.certificatePEM, privateKeyPEM: issued.privateKeyPEM)
        // A connection the server closes waits this long for the client's close_notify; keep teardown quick.
        serverConfiguration.shutdownTimeout = .milliseconds(200)
        let serverTLS = try NIOSSLContext(configuration: serverConfiguration)
        var clientConfiguration = TLSConfiguration.makeClientConfiguration()
        clientConfiguration.trustRoots = .certificates(
            try NIOSSLCertificate.fromPEMBytes(Array(authority.certificatePEM.utf8)))
        clientConfiguration.certificateVerification = .noHostnameVerification
        let clientTLS = try NIOSSLContext(configuration: clientConfiguration)
        let router = fixture.router
        let server = HTTPServer(
            host: host, port: 0, tls: serverTLS, maxBodySize: maxBodySize, requestTimeout: requestTimeout,
            logger: Logger(label: "test.http"), handler: { await router.handle($0) })
        let bound = Mutex<Int?>(nil)
        let task = Task { try await server.run { port in bound.withLock { $0 = port } } }
        defer { task.cancel() }
        var port: Int?
        for _ in 0..<200 where port == nil {
            port = bound.withLock { $0 }
            if port == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let boundPort = try #require(port)
        let transport = try HTTPSTransport(
            server: "https://\(host):\(boundPort)", caPEM: authority.certificatePEM, token: RouterFixture.token,
            requestTimeout: .seconds(10))
        let live = LiveAPIServer(fixture: fixture, port: boundPort, clientTLS: clientTLS, transport: transport)
        try await body(live)
        task.cancel()
        _ = await task.result
    }

    /// `GET /version` through the real client must still answer 200.
    func expectHealthy(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let response = try await transport.send(KubeRequest(method: "GET", path: "/version"))
        #expect(response.status == 200, comment, sourceLocation: sourceLocation)
        #expect(try JSONValue(parsing: response.body)["gitVersion"] == "v1.32.1", sourceLocation: sourceLocation)
    }

    /// Connects (with or without TLS), writes `chunks`, then reads until the server closes or `timeout` passes.
    ///
    /// - Parameter stopAfter: stop reading after this many bytes and drop the TCP connection at once (no TLS
    ///   close_notify exchange), as a client that goes away does.
    func exchange(
        tls: Bool = true, _ chunks: [[UInt8]], timeout: Duration = .seconds(3), stopAfter: Int? = nil
    ) async throws -> Data {
        let context = tls ? clientTLS : nil
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .connect(host: Self.host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: context, serverHostname: nil), name: "tls")
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let closer = channel.channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout.nanoseconds))) {
            channel.channel.close(promise: nil)
        }
        defer { closer.cancel() }
        var received = Data()
        do {
            try await channel.executeThenClose { inbound, outbound in
                for chunk in chunks { try await outbound.write(ByteBuffer(bytes: chunk)) }
                for try await buffer in inbound {
                    received.append(contentsOf: buffer.readableBytesView)
                    if let stopAfter, received.count >= stopAfter {
                        if tls { try await channel.channel.pipeline.removeHandler(name: "tls") }
                        return
                    }
                }
            }
        } catch {
            // A reset or TLS alert from the server is an acceptable way to refuse garbage.
        }
        return received
    }

    static func request(
        _ method: String, _ path: String, body: [UInt8] = [], headers: [String] = [], close: Bool = true
    ) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nAuthorization: Bearer \(RouterFixture.token)\r\n"
        for header in headers { head += header + "\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        if close { head += "Connection: close\r\n" }
        return Array((head + "\r\n").utf8) + body
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension Data {
    fileprivate var statusCode: Int? {
        let text = String(decoding: prefix(64), as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }
}

@Suite("APIServer robustness", .timeLimit(.minutes(1)))
struct APIServerRobustnessTests {
    @Test("random bytes instead of a TLS hello close that connection only")
    func garbageInsteadOfTLS() async throws {
        try await LiveAPIServer.with { server in
            var generator = SystemRandomNumberGenerator()
            for size in [1, 17, 512, 70_000] {
                let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let start = ContinuousClock.now
                let answer = try await server.exchange(tls: false, [bytes], timeout: .seconds(8))
                #expect(answer.statusCode == nil)
                // Even a client that sends one byte and waits is dropped after the request timeout.
                #expect(ContinuousClock.now - start < .seconds(4), "\(size) bytes")
            }
            let plain = try await server.exchange(tls: false, [LiveAPIServer.request("GET", "/version")])
            #expect(plain.statusCode == nil)
            try await server.expectHealthy()
        }
    }

    @Test("garbage HTTP inside TLS gets 400 and a closed connection")
    func garbageHTTP() async throws {
        try await LiveAPIServer.with { server in
            for garbage in [
                "HELLO\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "\u{0}\u{1}\u{2}\r\n\r\n", "GET  /x\r\nbad header\r\n\r\n",
            ] {
                let answer = try await server.exchange([Array(garbage.utf8)])
                #expect(answer.statusCode == 400 || answer.isEmpty, "\(garbage.debugDescription)")
            }
            try await server.expectHealthy()
        }
    }

    @Test("a truncated request, or one that stalls, does not disturb other clients")
    func truncated() async throws {
        try await LiveAPIServer.with { server in
            let head = LiveAPIServer.request(
                "POST", RouterFixture.podsPath, body: Array(repeating: UInt8(ascii: "{"), count: 100))
            let cut = Array(head.prefix(head.count - 60))
            let answer = try await server.exchange([cut], timeout: .milliseconds(300))
            #expect(answer.statusCode == nil)
            let halfHead = Array("GET /version HTTP/1.1\r\nHost: x\r\nAuthor".utf8)
            async let stalled = server.exchange([halfHead], timeout: .seconds(2))
            try await server.expectHealthy("while another connection stalls")
            _ = try await stalled
            try await server.expectHealthy()
        }
    }

    @Test("a body over the limit is refused with 413 and the server survives")
    func hugeBody() async throws {
        // A 1 MiB limit and a 2 MiB body keep the upload quick on a loaded machine; the 16 MiB default limit
        // takes the same path.
        try await LiveAPIServer.with(maxBodySize: 1 << 20, requestTimeout: .seconds(20)) { server in
            let body = [UInt8](repeating: UInt8(ascii: "a"), count: 2 << 20)
            let answer = try await server.exchange(
                [LiveAPIServer.request("POST", RouterFixture.podsPath, body: body)], timeout: .seconds(20))
            #expect(answer.statusCode == 413)
            #expect(String(decoding: answer, as: UTF8.self).contains("RequestEntityTooLarge"))
            try await server.expectHealthy()
        }
    }

    @Test("invalid JSON bodies over the wire are 400 Status objects")
    func invalidJSON() async throws {
        try await LiveAPIServer.with { server in
            for body in ["{", "[]", "\u{FF}\u{FE}", "{\"metadata\": {\"name\": 7}}", "null"] {
                let response = try await server.transport.send(
                    KubeRequest(
                        method: "POST", path: RouterFixture.podsPath, headers: [("Content-Type", "application/json")],
                        body: Data(body.utf8)))
                #expect(response.status == 400, "\(body)")
                #expect(try JSONValue(parsing: response.body)["kind"] == "Status")
            }
            try await server.expectHealthy()
        }
    }

    @Test("a huge header is refused without harm")
    func hugeHeader() async throws {
        try await LiveAPIServer.with { server in
            let big = "X-Big: " + String(repeating: "b", count: 1 << 20)
            let answer = try await server.exchange([LiveAPIServer.request("GET", "/version", headers: [big])])
            #expect(answer.statusCode != 200)
            let many = (0..<20_000).map { "X-H\($0): v" }
            let manyAnswer = try await server.exchange([LiveAPIServer.request("GET", "/version", headers: many)])
            #expect(manyAnswer.statusCode != 200)
            try await server.expectHealthy()
        }
    }

    @Test("many concurrent connections are all served")
    func concurrency() async throws {
        try await LiveAPIServer.with { server in
            let codes = try await withThrowingTaskGroup(of: Int?.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let path = index % 2 == 0 ? "/version" : RouterFixture.podsPath
                        return try await server.exchange([LiveAPIServer.request("GET", path)], timeout: .seconds(20))
                            .statusCode
                    }
                }
                var codes: [Int?] = []
                for try await code in group { codes.append(code) }
                return codes
            }
            #expect(codes.count == 100)
            #expect(codes.allSatisfy { $0 == 200 })
            try await server.expectHealthy()
        }
    }

    @Test("a client that disconnects mid-watch does not leak the watch")
    func disconnectMidWatch() async throws {
        try await LiveAPIServer.with { server in
            _ = await server.fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("a"))
            let watch = LiveAPIServer.request("GET", RouterFixture.podsPath + "?watch=true", close: false)
            let start = ContinuousClock.now
            let answer = try await server.exchange([watch], timeout: .seconds(5), stopAfter: 200)
            #expect(ContinuousClock.now - start < .seconds(2))
            #expect(answer.statusCode == 200)
            #expect(String(decoding: answer, as: UTF8.self).contains("ADDED"))
            var remaining = server.fixture.router.activeWatches
            for _ in 0..<100 where remaining > 0 {
                try await Task.sleep(for: .milliseconds(20))
                remaining = server.fixture.router.activeWatches
            }
            #expect(remaining == 0)
            try await server.expectHealthy()
        }
    }

    @Test("a watch that times out ends its response and closes the connection")
    func watchTimeout() async throws {
        try await LiveAPIServer.with { server in
            let watch = LiveAPIServer.request(
                "GET", RouterFixture.podsPath + "?watch=true&timeoutSeconds=1", close: false)
            let start = ContinuousClock.now
            let answer = try await server.exchange([watch], timeout: .seconds(10))
            #expect(ContinuousClock.now - start < .seconds(5))
            #expect(answer.statusCode == 200)
            #expect(String(decoding: answer, as: UTF8.self).hasSuffix("0\r\n\r\n"))
            #expect(server.fixture.router.activeWatches == 0)
        }
    }

    @Test("keep-alive serves several requests on one connection; 401 over the wire")
    func keepAlive() async throws {
        try await LiveAPIServer.with { server in
            let first = LiveAPIServer.request("GET", "/version", close: false)
            let second = LiveAPIServer.request("GET", "/healthz")
            let answer = try await server.exchange([first + second])
            let text = String(decoding: answer, as: UTF8.self)
            #expect(text.components(separatedBy: "HTTP/1.1 200").count == 3)
            let anonymous = Array("GET /api HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)
            #expect(try await server.exchange([anonymous]).statusCode == 401)
        }
    }
}
