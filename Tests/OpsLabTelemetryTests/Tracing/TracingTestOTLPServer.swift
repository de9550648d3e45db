import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import OpsLabTelemetry
import Synchronization

/// A tiny OTLP/HTTP server for live tests: NIO HTTP/1.1 on 127.0.0.1 with an ephemeral port, serving an
/// `OTLPReceiver` with keep-alive, counting the connections it accepts.
final class TracingTestOTLPServer: Sendable {
    /// The store the server's receiver feeds.
    let store: TraceStore
    /// The port the server listens on.
    let port: Int
    private let channel: any Channel
    private let counter: TracingTestCounter

    /// Connections accepted so far.
    var connections: Int { counter.value }

    private init(channel: any Channel, counter: TracingTestCounter, store: TraceStore) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.counter = counter
        self.store = store
    }

    static func start() async throws -> TracingTestOTLPServer {
        let counter = TracingTestCounter()
        let store = TraceStore()
        let receiver = OTLPReceiver(store: store)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                counter.increment()
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(TracingTestOTLPHandler(receiver: receiver))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TracingTestOTLPServer(channel: channel, counter: counter, store: store)
    }

    func stop() async throws {
        try await channel.close()
    }
}

/// A thread-safe counter.
final class TracingTestCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// Serves OTLP requests from an HTTP server pipeline.
final class TracingTestOTLPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let receiver: OTLPReceiver
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(receiver: OTLPReceiver) { self.receiver = receiver }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head else { return }
            let response = receiver.handle(
                method: head.method.rawValue, path: head.uri, contentType: head.headers.first(name: "content-type"),
                body: Data(body.readableBytesView))
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: response.contentType)
            headers.add(name: "Content-Length", value: String(response.body.utf8.count))
            context.write(
                wrapOutboundOut(
                    .head(
                        HTTPResponseHead(
                            version: head.version, status: HTTPResponseStatus(statusCode: response.status),
                            headers: headers))),
                promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: response.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            if !head.isKeepAlive { context.close(promise: nil) }
            self.head = nil
        }
    }
}
