import Foundation
import NIOCore
import NIOPosix
import OpsLabKube
import OpsLabTelemetry
import Testing

@Suite("Telemetry HTTP server")
struct TelemetryHTTPServerTests {
    /// Echoes method, path and the merged parameters.
    static let echo: TelemetryHTTPServer.Handler = { request in
        let parameters = request.parameters.items.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
        return TelemetryHTTPResponse(status: 200, text: "\(request.method) \(request.path) \(parameters)")
    }

    /// Runs `body` against a server on 127.0.0.1 with a free port, then cancels it.
    static func withServer(
        maxBodyBytes: Int = 1024, _ body: (Int) async throws -> Void
    ) async throws {
        let server = try await TelemetryHTTPServer.bind(
            host: "127.0.0.1", port: 0, configuration: .init(maxBodyBytes: maxBodyBytes), handler: echo)
        let task = Task { try await server.run() }
        do {
            try await body(server.port)
        } catch {
            task.cancel()
            _ = await task.result
            throw error
        }
        task.cancel()
        _ = await task.result
    }

    /// Writes raw bytes on one connection and reads until the server closes it or `expected` responses arrive.
    static func raw(_ port: Int, _ text: String, responses expected: Int) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: text))
            var received = ""
            for try await buffer in inbound {
                received += String(buffer: buffer)
                if received.components(separatedBy: "HTTP/1.1 ").count - 1 >= expected,
                    received.hasSuffix(expectedTail(received))
                {
                    break
                }
            }
            return received
        }
    }

    /// The end of the last response's body, as announced by its Content-Length.
    private static func expectedTail(_ received: String) -> String {
        guard let last = received.range(of: "HTTP/1.1 ", options: .backwards),
            let length = received[last.lowerBound...].range(of: "Content-Length: ")
        else { return "\u{0}" }
        let digits = received[length.upperBound...].prefix { $0.isNumber }
        guard let count = Int(digits), let start = received[last.lowerBound...].range(of: "\r\n\r\n") else {
            return "\u{0}"
        }
        let bodyBytes = received[start.upperBound...].utf8.count
        return bodyBytes >= count ? String(received.suffix(1)) : "\u{0}"
    }

    @Test("GET query strings and form POST bodies reach the handler merged")
    func queryAndForm() async throws {
        try await Self.withServer { port in
            let transport = try HTTPSTransport(server: "http://127.0.0.1:\(port)", caPEM: nil, token: nil)
            let get = try await transport.send(KubeRequest(method: "GET", path: "/api/v1/query?query=up+%3D%3D+1"))
            #expect(get.status == 200)
            #expect(String(decoding: get.body, as: UTF8.self) == "GET /api/v1/query query=up == 1")
            let post = try await transport.send(
                KubeRequest(
                    method: "POST", path: "/api/v1/query?a=1",
                    headers: [("Content-Type", "application/x-www-form-urlencoded")],
                    body: Data("query=sum(rate(x%5B1m%5D))&time=5".utf8)))
            #expect(
                String(decoding: post.body, as: UTF8.self) == "POST /api/v1/query a=1;query=sum(rate(x[1m]));time=5")
            #expect(post.header("Content-Type") == "text/plain; charset=utf-8")
        }
    }

    @Test("keep-alive serves several requests on one connection")
    func keepAlive() async throws {
        try await Self.withServer { port in
            let request = "GET /one?x=1 HTTP/1.1\r\nHost: t\r\n\r\nGET /two HTTP/1.1\r\nHost: t\r\n\r\n"
            let text = try await Self.raw(port, request, responses: 2)
            #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
            #expect(text.contains("GET /one x=1"))
            #expect(text.hasSuffix("GET /two "))
            #expect(text.contains("Connection: keep-alive"))
        }
    }

    @Test("a body over the limit is refused with 413 and the connection closed")
    func bodyLimit() async throws {
        try await Self.withServer(maxBodyBytes: 16) { port in
            let body = String(repeating: "a", count: 64)
            let request =
                "POST /x HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 64\r\n\r\n\(body)"
            let text = try await Self.raw(port, request, responses: 1)
            #expect(text.hasPrefix("HTTP/1.1 413"))
            #expect(text.contains("Connection: close"))
        }
    }

    @Test("cancelling run() closes the listener")
    func shutdown() async throws {
        var boundPort = 0
        try await Self.withServer { port in boundPort = port }
        let transport = try HTTPSTransport(server: "http://127.0.0.1:\(boundPort)", caPEM: nil, token: nil)
        await #expect(throws: (any Error).self) {
            _ = try await transport.send(KubeRequest(method: "GET", path: "/"))
        }
    }

    @Test("binding an address in use fails with bindFailed")
    func bindClash() async throws {
        try await Self.withServer { port in
            do {
                _ = try await TelemetryHTTPServer.bind(host: "127.0.0.1", port: port, handler: Self.echo)
                Issue.record("the second bind succeeded")
            } catch let error as TelemetryStackError {
                #expect(error.code == .bindFailed)
            }
        }
    }
}
