import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import OpsLabKube

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server for roles: one async handler, keep-alive connections, serves until cancelled.
///
/// Requests on one connection are handled one after another (responses stay in order). A bind failure
/// throws ``RoleError`` with Go-like text, e.g. `listen tcp 127.5.1.3:8083: bind: address already in use`.
/// Cancelling the task that runs ``run()`` closes the listener and every open connection.
///
/// Every request runs inside a server span and is counted in ``telemetry`` (see ``RoleTelemetry``);
/// `GET /metrics` answers the Prometheus exposition of ``telemetry`` unless ``servesMetrics`` is off (for a
/// role that defines `/metrics` itself).
public struct RoleHTTPServer: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on (0 picks a free one; see ``run(onListening:)``).
    public var port: Int
    /// The request handler.
    public var handler: @Sendable (RoleHTTPRequest) async -> RoleHTTPResponse
    /// The largest request body accepted; a larger one is answered with 413.
    public var maxBodySize: Int = 64 << 20
    /// Where request metrics and spans go, and what `GET /metrics` exposes.
    public var telemetry: RoleTelemetry
    /// Whether `GET /metrics` answers the exposition (`false` hands `/metrics` to the handler).
    public var servesMetrics: Bool = true

    /// Creates a server; nothing happens until ``run()``.
    ///
    /// - Parameter telemetry: the role's telemetry; ``RoleTelemetry/processDefault`` when omitted.
    public init(
        host: String, port: Int, telemetry: RoleTelemetry? = nil,
        handler: @escaping @Sendable (RoleHTTPRequest) async -> RoleHTTPResponse
    ) {
        self.host = host
        self.port = port
        self.telemetry = telemetry ?? .processDefault
        self.handler = handler
    }

    /// Binds and serves until the calling task is cancelled (then returns normally).
    public func run() async throws {
        try await run(onListening: { _ in })
    }

    /// Binds, calls `onListening` with the bound port, then serves until the calling task is cancelled.
    public func run(onListening: @escaping @Sendable (_ port: Int) -> Void) async throws {
        typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
        let server: NIOAsyncChannel<Connection, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 512)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        return try Connection(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw RoleError(
                code: "bindFailed", message: "listen tcp \(host):\(port): bind: \(GoErrorText.errnoText(error))",
                underlying: error
            )
        }
        onListening(server.channel.localAddress?.port ?? port)
        await AcceptLoop.run(server) { await self.serve($0) }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        let channel = connection.channel
        let remote = ClientConnectionHandler.describe(channel.remoteAddress)
        await withTaskCancellationHandler {
            try? await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                var tooLarge = false
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body.clear()
                        tooLarge = false
                    case .body(var chunk):
                        if body.readableBytes + chunk.readableBytes > maxBodySize { tooLarge = true }
                        if !tooLarge { body.writeBuffer(&chunk) }
                    case .end:
                        guard let requestHead = head else { continue }
                        head = nil
                        var request = Self.request(requestHead, body: tooLarge ? ByteBuffer() : body)
                        request.remoteAddress = remote
                        let response = await respond(to: request, tooLarge: tooLarge)
                        try await Self.write(response, for: requestHead, to: outbound)
                        if !requestHead.isKeepAlive { return }
                    }
                }
            }
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// The answer to one request: the metrics exposition, a 413, or the handler's, observed by ``telemetry``.
    func respond(to request: RoleHTTPRequest, tooLarge: Bool) async -> RoleHTTPResponse {
        if servesMetrics, request.path == "/metrics", request.method == "GET" || request.method == "HEAD" {
            return telemetry.metricsResponse()
        }
        let handler = self.handler
        return await telemetry.observeServer(request) { request in
            tooLarge ? .text(413, "request body too large\n") : await handler(request)
        }
    }

    static func request(_ head: HTTPRequestHead, body: ByteBuffer) -> RoleHTTPRequest {
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name.lowercased()] = value }
        return RoleHTTPRequest(
            method: head.method.rawValue, target: head.uri, headers: headers,
            body: Data(body.readableBytesView)
        )
    }

    static func write(
        _ response: RoleHTTPResponse, for request: HTTPRequestHead,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders()
        for (name, value) in response.headers where name.lowercased() != "content-length" {
            headers.add(name: name, value: value)
        }
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        if !headers.contains(name: "Date") { headers.add(name: "Date", value: HTTPDate.now()) }
        if !request.isKeepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers
        )
        try await outbound.write(.head(head))
        if request.method != .HEAD, !response.body.isEmpty {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
        }
        try await outbound.write(.end(nil))
    }
}

/// Formats HTTP dates (RFC 7231 IMF-fixdate), e.g. `Tue, 15 Nov 1994 08:12:31 GMT`.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func now() -> String { format(Date()) }

    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = days[Int(parts.tm_wday) % 7]
        let month = months[Int(parts.tm_mon) % 12]
        return "\(day), \(two(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
