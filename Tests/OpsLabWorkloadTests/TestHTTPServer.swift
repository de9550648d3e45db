import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// What the test server answers to its n-th request (0-based, over all connections).
struct TestResponse: Sendable {
    var status: HTTPResponseStatus = .ok
    var delay: TimeAmount?
    var body = "ok"
}

/// Counters shared between the server's handlers and the test.
final class TestServerCounters: Sendable {
    let requests = Atomic<Int>(0)
    let openConnections = Atomic<Int>(0)
    let acceptedConnections = Atomic<Int>(0)
    /// Requests served by each closed connection.
    let servedPerConnection = Mutex<[Int]>([])
}

/// A local HTTP/1.1 server on 127.0.0.1 whose answers a test scripts per request.
final class TestHTTPServer: Sendable {
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel
    let counters = TestServerCounters()

    var port: Int { channel.localAddress?.port ?? 0 }
    var url: String { "http://127.0.0.1:\(port)/" }

    init(behaviour: @escaping @Sendable (Int) -> TestResponse = { _ in TestResponse() }) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let counters = self.counters
        self.group = group
        self.channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        ScriptedHandler(counters: counters, behaviour: behaviour))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// A port on 127.0.0.1 that nothing listens on (bound, then released).
    static func closedPort() async throws -> Int {
        let server = try await TestHTTPServer()
        let port = server.port
        await server.stop()
        return port
    }
}

private final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let counters: TestServerCounters
    let behaviour: @Sendable (Int) -> TestResponse
    var served = 0

    init(counters: TestServerCounters, behaviour: @escaping @Sendable (Int) -> TestResponse) {
        self.counters = counters
        self.behaviour = behaviour
    }

    func channelActive(context: ChannelHandlerContext) {
        counters.openConnections.add(1, ordering: .relaxed)
        counters.acceptedConnections.add(1, ordering: .relaxed)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        counters.openConnections.subtract(1, ordering: .relaxed)
        let served = self.served
        counters.servedPerConnection.withLock { $0.append(served) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let index = counters.requests.add(1, ordering: .relaxed).oldValue
        served += 1
        let response = behaviour(index)
        if let delay = response.delay {
            context.eventLoop.assumeIsolated().scheduleTask(in: delay) { self.respond(context: context, response) }
        } else {
            respond(context: context, response)
        }
    }

    private func respond(context: ChannelHandlerContext, _ response: TestResponse) {
        let body = ByteBuffer(string: response.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        context.write(
            wrapOutboundOut(
                .head(
                    HTTPResponseHead(
                        version: .http1_1, status: response.status,
                        headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
