import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
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
    public func run(onBound: @Sendable (Int) -> Void = { _ in }) async throws {
        let tls = self.tls
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        onBound(server.channel.localAddress?.port ?? port)
        try await withThrowingDiscardingTaskGroup { group in
            try await withTaskCancellationHandler {
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await self.serve(connection) }
                    }
                }
            } onCancel: {
                server.channel.close(promise: nil)
            }
            group.cancelAll()
        }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                let channel = connection.channel
                while true {
                    // The TLS handshake and each whole request must arrive within `requestTimeout`; an idle
                    // keep-alive connection is closed after it too. Closing ends the inbound stream.
                    let timer = channel.eventLoop.scheduleTask(in: requestTimeout) { channel.close(promise: nil) }
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
                var headers: [String: String] = [:]
                for (name, value) in head.headers {
                    let key = name.lowercased()
                    headers[key] = headers[key].map { "\($0),\(value)" } ?? value
                }
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
