import Foundation
import NIOCore
import NIOHTTP1

/// One request handed to a pooled connection, with the promise its response completes.
struct ClientExchange: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?
    var timeout: TimeAmount
    var promise: EventLoopPromise<ClientResult>
}

/// A response plus whether its connection may be reused.
struct ClientResult: Sendable {
    var response: RoleHTTPResponse
    var keepAlive: Bool
}

/// Why a pooled connection failed an exchange (turned into ``RoleHTTPClientError`` by the client).
struct ClientConnectionFailure: Error, Sendable {
    var kind: RoleHTTPClientError.Kind
    var message: String
    /// No byte of a response arrived, so retrying on a fresh connection is safe for a stale one.
    var nothingReceived: Bool
}

/// Sits after NIO's HTTP client codec: writes one ``ClientExchange`` at a time and completes its promise
/// with the collected response, a timeout, or the reason the connection died.
final class ClientConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = ClientExchange
    typealias OutboundOut = HTTPClientRequestPart

    private var promise: EventLoopPromise<ClientResult>?
    private var timeoutTask: Scheduled<Void>?
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    private var requestKeepAlive = true

    func write(context: ChannelHandlerContext, data: NIOAny, promise writePromise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        if self.promise != nil {
            exchange.promise.fail(
                ClientConnectionFailure(kind: .other, message: "connection busy", nothingReceived: true))
            return
        }
        self.promise = exchange.promise
        head = nil
        body.clear()
        requestKeepAlive = exchange.head.isKeepAlive
        let local = Self.describe(context.channel.localAddress)
        let remote = Self.describe(context.channel.remoteAddress)
        let contextBox = NIOLoopBound(context, eventLoop: context.eventLoop)
        let handlerBox = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeoutTask = context.eventLoop.scheduleTask(in: exchange.timeout) {
            handlerBox.value.fail(
                ClientConnectionFailure(
                    kind: .timeout, message: "read tcp \(local)->\(remote): i/o timeout", nothingReceived: false
                ))
            contextBox.value.close(promise: nil)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if let body = exchange.body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: writePromise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let responseHead = head, let promise else { return }
            let headers = responseHead.headers.map { ($0.name, $0.value) }
            let response = RoleHTTPResponse(
                status: Int(responseHead.status.code), headers: headers, body: Data(body.readableBytesView)
            )
            let keepAlive = requestKeepAlive && responseHead.isKeepAlive
            finish()
            promise.succeed(ClientResult(response: response, keepAlive: keepAlive))
            if !keepAlive { context.close(promise: nil) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if head == nil {
            fail(ClientConnectionFailure(kind: .eof, message: "EOF", nothingReceived: true))
        } else {
            fail(ClientConnectionFailure(kind: .eof, message: "unexpected EOF", nothingReceived: false))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let local = Self.describe(context.channel.localAddress)
        let remote = Self.describe(context.channel.remoteAddress)
        if let code = GoErrorText.errno(of: error), code == ECONNRESET {
            fail(
                ClientConnectionFailure(
                    kind: .connectionReset,
                    message: "read tcp \(local)->\(remote): read: \(GoErrorText.text(errno: code))",
                    nothingReceived: head == nil
                ))
        } else {
            fail(
                ClientConnectionFailure(
                    kind: .other, message: "read tcp \(local)->\(remote): \(GoErrorText.errnoText(error))",
                    nothingReceived: head == nil
                ))
        }
        context.close(promise: nil)
    }

    private func fail(_ failure: ClientConnectionFailure) {
        guard let promise else { return }
        finish()
        promise.fail(failure)
    }

    private func finish() {
        timeoutTask?.cancel()
        timeoutTask = nil
        promise = nil
        head = nil
        body.clear()
    }

    static func describe(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return "?" }
        return "\(ip):\(port)"
    }
}
