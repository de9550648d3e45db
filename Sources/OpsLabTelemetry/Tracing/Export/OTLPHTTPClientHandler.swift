import NIOCore
import NIOHTTP1

/// One HTTP/1.1 request for `OTLPHTTPClientHandler`, with the promise its response completes.
struct OTLPHTTPRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var promise: EventLoopPromise<OTLPHTTPResponse>
}

/// The parts of an HTTP response the exporter needs.
struct OTLPHTTPResponse: Sendable {
    var status: Int
    var body: String
    var keepAlive: Bool
}

/// A minimal HTTP/1.1 client handler: one request in flight at a time, response collected whole.
final class OTLPHTTPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = OTLPHTTPRequest
    typealias OutboundOut = HTTPClientRequestPart

    private var pending: EventLoopPromise<OTLPHTTPResponse>?
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard pending == nil else {
            request.promise.fail(TracingError(code: "export-busy", "a request is already in flight"))
            promise?.fail(TracingError(code: "export-busy", "a request is already in flight"))
            return
        }
        pending = request.promise
        head = nil
        body.clear()
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head, let promise = pending else { return }
            pending = nil
            self.head = nil
            let text = body.readString(length: body.readableBytes) ?? ""
            promise.succeed(OTLPHTTPResponse(status: Int(head.status.code), body: text, keepAlive: head.isKeepAlive))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failPending(TracingError(code: "export-connection-closed", "connection closed before the response"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failPending(TracingError(code: "export-io", "connection error", underlying: error))
        context.close(promise: nil)
    }

    private func failPending(_ error: TracingError) {
        guard let promise = pending else { return }
        pending = nil
        promise.fail(error)
    }
}
