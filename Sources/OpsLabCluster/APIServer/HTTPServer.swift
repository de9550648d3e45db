import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import OpsLabKube

/// A small HTTP/1.1 server on SwiftNIO (optionally over TLS) that hands each request to an async handler.
///
/// Each connection is served sequentially (keep-alive, no pipelining). Streaming responses use chunked
/// encoding and end when the stream ends, the client goes away, or the server stops. A malformed request or a
/// failed TLS handshake closes that connection only.
public struct HTTPServer: Sendable {
    /// The handler type.
    public typealias Handler = @Sendable (APIRequest) async -> APIResponse

    /// The address to bind.
    public var host: String
    /// The port to bind (0 picks a free one).
    public var port: Int
    /// TLS, or `nil` for plain HTTP.
    public var tls: NIOSSLContext?
    /// The largest request body accepted.
    public var maxBodySize: Int
    /// How long a connection may take to deliver a whole request (including the TLS handshake), or stay idle
    /// between requests, before it is closed. Streaming responses are not limited by it.
    public var requestTimeout: TimeAmount
    /// The request handler.
    public var handler: Handler
    /// The logger.
    public var logger: Logger

    /// Creates a server.
    public init(
        host: String, port: Int, tls: NIOSSLContext?, maxBodySize: Int = 16 << 20,
        requestTimeout: TimeAmount = .seconds(60), logger: Logger, handler: @escaping Handler
    ) {
        self.requestTimeout = requestTimeout
        self.host = host
        self.port = port
        self.tls = tls
        self.maxBodySize = maxBodySize
        self.logger = logger
        self.handler = handler
    }

    /// Binds and serves until the task is cancelled. `onBound` receives the bound port.
    ///
    /// The first request of a connection may upgrade it to a WebSocket: only `…/pods/{name}/exec` requests the
    /// handler accepts through ``ExecUpgradeSlot`` (after the same authorization as every request); anything else
    /// is answered as plain HTTP.
    public func run(onBound: @Sendable (Int) -> Void = { _ in }) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try self.configure(channel) }
            }
        onBound(server.channel.localAddress?.port ?? port)
        await AcceptLoop.run(server) { await self.serve($0) }
    }

    /// A connection whose first request has not decided yet whether it upgrades.
    struct PendingConnection: Sendable {
        var channel: any Channel
        var upgrade: EventLoopFuture<ConnectionKind>
        var recorder: ExecUpgradeRequestRecorder
    }

    /// What a connection became after its first request.
    enum ConnectionKind: Sendable {
        /// Plain HTTP/1.1.
        case http(NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>)
        /// An accepted exec stream over WebSocket.
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, ExecUpgradeAcceptance)
    }

    /// TLS, the HTTP codec and the WebSocket upgrader for one accepted connection.
    private func configure(_ channel: any Channel) throws -> PendingConnection {
        if let tls {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
        }
        let accepted = ExecUpgradeSlot()
        let upgrader = NIOTypedWebSocketServerUpgrader<ConnectionKind>(
            maxFrameSize: 1 << 20,
            shouldUpgrade: { channel, head in
                let promise = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
                promise.completeWithTask {
                    guard let acceptance = await self.acceptUpgrade(head, slot: accepted) else { return nil }
                    return HTTPHeaders([("Sec-WebSocket-Protocol", acceptance.subprotocol)])
                }
                return promise.futureResult
            },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOWebSocketFrameAggregator(
                            minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1 << 12,
                            maxAccumulatedFrameSize: 1 << 22))
                    guard let acceptance = accepted.acceptance else {
                        throw ChannelError.inappropriateOperationForState
                    }
                    let stream = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                        wrappingChannelSynchronously: channel)
                    return ConnectionKind.webSocket(stream, acceptance)
                }
            }
        )
        let upgrade = NIOTypedHTTPServerUpgradeConfiguration<ConnectionKind>(
            upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in
                channel.eventLoop.makeCompletedFuture {
                    ConnectionKind.http(
                        try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: channel))
                }
            }
        )
        let future: EventLoopFuture<ConnectionKind> =
            try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: NIOUpgradableHTTPServerPipelineConfiguration(upgradeConfiguration: upgrade))
        let recorder = ExecUpgradeRequestRecorder()
        let upgradeHandler = try channel.pipeline.syncOperations.handler(
            type: NIOTypedHTTPServerUpgradeHandler<ConnectionKind>.self)
        try channel.pipeline.syncOperations.addHandler(recorder, position: .before(upgradeHandler))
        return PendingConnection(channel: channel, upgrade: future, recorder: recorder)
    }

    /// Asks the handler whether a WebSocket upgrade request is an exec it accepts; `nil` lets the request go on
    /// as plain HTTP (the handler then answers it with the reason, e.g. 404 or 401).
    private func acceptUpgrade(_ head: HTTPRequestHead, slot: ExecUpgradeSlot) async -> ExecUpgradeAcceptance? {
        let path = head.uri.split(separator: "?", maxSplits: 1).first ?? ""
        guard path.hasSuffix("/exec") else { return nil }
        _ = await ExecUpgradeSlot.$current.withValue(slot) {
            await handler(
                APIRequest(
                    method: head.method.rawValue, target: head.uri, headers: Self.headers(head),
                    body: Data()))
        }
        return slot.acceptance
    }

    /// Headers with lower-cased names; repeated headers joined with commas.
    static func headers(_ head: HTTPRequestHead) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in head.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { "\($0),\(value)" } ?? value
        }
        return headers
    }

    private func serve(_ pending: PendingConnection) async {
        // The TLS handshake and the first request must arrive within `requestTimeout`.
        let channel = pending.channel
        let timer = channel.eventLoop.scheduleTask(in: requestTimeout) { channel.close(promise: nil) }
        let kind: ConnectionKind
        do {
            kind = try await pending.upgrade.get()
        } catch {
            timer.cancel()
            channel.close(promise: nil)
            return
        }
        switch kind {
        case .http(let connection):
            if let head = pending.recorder.upgradeHead {
                // An upgrade request that was not upgraded: its head never reaches the HTTP stream.
                timer.cancel()
                await answerRefusedUpgrade(head, on: connection)
                return
            }
            await serve(connection, firstTimer: timer)
        case .webSocket(let stream, let acceptance):
            timer.cancel()
            await acceptance.session(stream)
        }
    }

    /// Answers a refused upgrade request as plain HTTP (the handler explains why), then closes the connection.
    private func answerRefusedUpgrade(
        _ head: HTTPRequestHead, on connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    ) async {
        let request = APIRequest(
            method: head.method.rawValue, target: head.uri, headers: Self.headers(head), body: Data())
        var response = await handler(request)
        if case .full(101, _, _, _) = response {
            response = .json(400, APIStatus.badRequest("the connection could not be upgraded").json)
        }
        try? await connection.executeThenClose { _, outbound in
            switch response {
            case .full(let status, let contentType, let body, let headers):
                try await writeFull(
                    outbound, status: status, contentType: contentType, body: body, headers: headers, keepAlive: false)
            case .stream(let status, let contentType, let body):
                try await writeStream(outbound, status: status, contentType: contentType, body: body)
            }
        }
    }

    private func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, firstTimer: Scheduled<Void>
    ) async {
        var firstTimer: Scheduled<Void>? = firstTimer
        do {
            try await connection.executeThenClose { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                let channel = connection.channel
                while true {
                    // Each whole request must arrive within `requestTimeout`; an idle keep-alive connection is
                    // closed after it too. Closing ends the inbound stream.
                    let timer =
                        firstTimer ?? channel.eventLoop.scheduleTask(in: requestTimeout) { channel.close(promise: nil) }
                    firstTimer = nil
                    let next = try await readRequest(&iterator)
                    timer.cancel()
                    guard let request = next else { return }
                    guard let request else {
                        let status = APIStatus(
                            code: 413, reason: "RequestEntityTooLarge",
                            message: "Request entity too large: limit is \(maxBodySize)")
                        try await writeFull(
                            outbound, status: 413, contentType: "application/json", body: status.json.jsonData(),
                            headers: [], keepAlive: false)
                        return
                    }
                    let response = await handler(request.0)
                    switch response {
                    case .full(let status, let contentType, let body, let headers):
                        try await writeFull(
                            outbound, status: status, contentType: contentType, body: body, headers: headers,
                            keepAlive: request.keepAlive)
                        if !request.keepAlive { return }
                    case .stream(let status, let contentType, let body):
                        // Stream until the body ends or the client goes away, whichever comes first. Waiting on
                        // the close future itself cannot be cancelled, so it is relayed through a stream that can.
                        let (closed, signal) = AsyncStream.makeStream(of: Void.self)
                        connection.channel.closeFuture.whenComplete { _ in signal.finish() }
                        await withTaskGroup(of: Void.self) { group in
                            group.addTask {
                                try? await writeStream(outbound, status: status, contentType: contentType, body: body)
                            }
                            group.addTask { for await _ in closed {} }
                            await group.next()
                            group.cancelAll()
                        }
                        return
                    }
                }
            }
        } catch {
            logger.debug("connection closed", metadata: ["error": "\(error)"])
        }
    }

    /// Reads one request. Returns nil at end of input, `.some(nil)` for an oversized body.
    private func readRequest(
        _ iterator: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    ) async throws -> ((APIRequest, keepAlive: Bool)?)? {
        var head: HTTPRequestHead?
        var body = ByteBuffer()
        var tooLarge = false
        while let part = try await iterator.next() {
            switch part {
            case .head(let value):
                head = value
            case .body(var chunk):
                if body.readableBytes + chunk.readableBytes > maxBodySize {
                    tooLarge = true
                } else {
                    body.writeBuffer(&chunk)
                }
            case .end:
                guard let head else { return .some(nil) }
                if tooLarge { return .some(nil) }
                let headers = Self.headers(head)
                let data = Data(body.readableBytesView)
                let request = APIRequest(method: head.method.rawValue, target: head.uri, headers: headers, body: data)
                return .some((request, head.isKeepAlive))
            }
        }
        return nil
    }

    private func writeFull(
        _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, status: Int, contentType: String,
        body: Data, headers extra: [(String, String)], keepAlive: Bool
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Cache-Control", value: "no-cache, private")
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        for (name, value) in extra { headers.add(name: name, value: value) }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        try await outbound.write(.head(head))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
        try await outbound.write(.end(nil))
    }

    private func writeStream(
        _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, status: Int, contentType: String,
        body: AsyncStream<Data>
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Transfer-Encoding", value: "chunked")
        headers.add(name: "Cache-Control", value: "no-cache, private")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        try await outbound.write(.head(head))
        for await chunk in body {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
        }
        try await outbound.write(.end(nil))
    }
}
