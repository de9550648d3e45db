import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import OpsLabKube

/// A small HTTP/1.1 server for the telemetry APIs: one route handler, keep-alive, bounded bodies.
///
/// ``bind(host:port:configuration:logger:handler:)`` opens the listener (so a port clash is reported before
/// anything else starts); ``run()`` serves until the task is cancelled, then closes the listener and every
/// connection. The query string and an `application/x-www-form-urlencoded` body are merged into the request's
/// ``TelemetryHTTPRequest/parameters``. A body larger than ``Configuration/maxBodyBytes`` is answered with 413 and
/// the connection closed; malformed requests get 400 from NIO's error handler.
public final class TelemetryHTTPServer: Sendable {
    /// Serves one request.
    public typealias Handler = @Sendable (TelemetryHTTPRequest) async -> TelemetryHTTPResponse

    /// Limits of one server.
    public struct Configuration: Sendable {
        /// The largest request body accepted.
        public var maxBodyBytes: Int
        /// A connection with nothing to read for this long is closed.
        public var idleTimeout: Duration
        /// The listen backlog.
        public var backlog: Int32

        /// Creates a configuration (8 MiB bodies, 2 min idle timeout).
        public init(maxBodyBytes: Int = 8 << 20, idleTimeout: Duration = .seconds(120), backlog: Int32 = 256) {
            self.maxBodyBytes = maxBodyBytes
            self.idleTimeout = idleTimeout
            self.backlog = backlog
        }
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// The address the listener is bound to.
    public let host: String
    /// The port the listener is bound to (the real one when asked for port 0).
    public let port: Int
    private let listener: NIOAsyncChannel<Connection, Never>
    private let handler: Handler
    private let configuration: Configuration
    private let logger: Logger

    private init(
        listener: NIOAsyncChannel<Connection, Never>, host: String, port: Int, configuration: Configuration,
        logger: Logger, handler: @escaping Handler
    ) {
        self.listener = listener
        self.host = host
        self.port = port
        self.configuration = configuration
        self.logger = logger
        self.handler = handler
    }

    /// Binds a listener on `host:port` (port 0 picks a free one).
    ///
    /// Throws ``TelemetryStackError`` with code `bindFailed` when the address cannot be bound.
    public static func bind(
        host: String, port: Int, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "opslab.telemetry.http"), handler: @escaping Handler
    ) async throws -> TelemetryHTTPServer {
        let idle = TimeAmount.nanoseconds(Int64(configuration.idleTimeout.components.seconds) * 1_000_000_000)
        let listener: NIOAsyncChannel<Connection, Never>
        do {
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: configuration.backlog)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idle))
                        try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser())
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        return try Connection(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw TelemetryStackError(
                code: .bindFailed, message: "listen tcp \(host):\(port): \(error)", underlying: error)
        }
        let bound = listener.channel.localAddress?.port ?? port
        return TelemetryHTTPServer(
            listener: listener, host: host, port: bound, configuration: configuration, logger: logger,
            handler: handler)
    }

    /// `host:port`.
    public var address: String { "\(host):\(port)" }

    /// Serves until cancelled, then closes the listener and every open connection.
    public func run() async throws {
        await AcceptLoop.run(listener) { await self.serve($0) }
    }

    /// Closes the listener without serving (for a server bound but never run).
    public func close() async {
        try? await listener.channel.close()
    }

    private func serve(_ connection: Connection) async {
        let channel = connection.channel
        do {
            try await withTaskCancellationHandler {
                try await connection.executeThenClose { inbound, outbound in
                    try await self.exchange(inbound: inbound, outbound: outbound)
                }
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    private func exchange(
        inbound: NIOAsyncChannelInboundStream<HTTPServerRequestPart>,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        var tooLarge = false
        for try await part in inbound {
            switch part {
            case .head(let requestHead):
                head = requestHead
                body = []
                tooLarge = false
            case .body(let buffer):
                if body.count + buffer.readableBytes > configuration.maxBodyBytes {
                    tooLarge = true
                    body = []
                } else if !tooLarge {
                    body.append(contentsOf: buffer.readableBytesView)
                }
            case .end:
                guard let request = head else { continue }
                head = nil
                if tooLarge {
                    let limit = configuration.maxBodyBytes
                    let answer = TelemetryHTTPResponse(
                        status: 413, text: "request body larger than \(limit) bytes\n")
                    try await write(answer, for: request, keepAlive: false, to: outbound)
                    return
                }
                let answer = await respond(to: request, body: body)
                body = []
                try await write(answer, for: request, keepAlive: request.isKeepAlive, to: outbound)
                if !request.isKeepAlive { return }
            }
        }
    }

    private func respond(to head: HTTPRequestHead, body: [UInt8]) async -> TelemetryHTTPResponse {
        let headers = head.headers.map { ($0.name, $0.value) }
        let parsed = TelemetryQueryParameters.parse(
            target: head.uri, contentType: head.headers.first(name: "content-type"), body: body)
        let request = TelemetryHTTPRequest(
            method: head.method.rawValue, path: parsed.path, parameters: parsed.parameters, headers: headers,
            body: body)
        return await handler(request)
    }

    private func write(
        _ answer: TelemetryHTTPResponse, for request: HTTPRequestHead, keepAlive: Bool,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: String(answer.body.count))
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
        try await outbound.write(.head(head))
        if request.method != .HEAD, !answer.body.isEmpty {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: answer.body))))
        }
        try await outbound.write(.end(nil))
    }
}

/// Closes a connection when its ``IdleStateHandler`` reports it idle.
final class IdleConnectionCloser: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
