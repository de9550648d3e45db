import NIOCore
import NIOHTTP1

/// The last handler of a load connection: writes requests and reports response events to its ``LoadWorker``.
///
/// Every event carries the slot index and the connection generation it was created for, so that events of a
/// connection the worker has already given up (timed out, closed) are ignored.
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let worker: LoadWorker
    let slot: Int
    let generation: Int
    private var context: ChannelHandlerContext?

    init(worker: LoadWorker, slot: Int, generation: Int) {
        self.worker = worker
        self.slot = slot
        self.generation = generation
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes one request and flushes; `promise` fails when the bytes cannot be written.
    func send(head: HTTPRequestHead, body: ByteBuffer?, promise: EventLoopPromise<Void>) {
        guard let context else {
            promise.fail(ChannelError.ioOnClosedChannel)
            return
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            worker.responseHead(
                slot: slot, generation: generation, status: Int(head.status.code),
                keepAlive: head.isKeepAlive)
        case .body:
            break
        case .end:
            worker.responseEnd(slot: slot, generation: generation)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        worker.connectionLost(slot: slot, generation: generation)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        worker.connectionLost(slot: slot, generation: generation)
        context.fireChannelInactive()
    }
}

/// The first handler of a load connection: adds the size of every read to the worker's byte count.
final class ByteCountingHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let worker: LoadWorker

    init(worker: LoadWorker) {
        self.worker = worker
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        worker.counters.bytesRead += unwrapInboundIn(data).readableBytes
        context.fireChannelRead(data)
    }
}
