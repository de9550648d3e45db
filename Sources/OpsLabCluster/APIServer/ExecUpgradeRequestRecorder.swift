import NIOCore
import NIOHTTP1
import Synchronization

/// Remembers the head of a connection's first request when it asks for a protocol upgrade, then leaves the
/// pipeline.
///
/// NIO's typed upgrade handler drops the head of an upgrade request it does not upgrade (an exec the handler
/// refused, or an `Upgrade: SPDY/3.1` request), so ``HTTPServer`` answers that request from this copy.
final class ExecUpgradeRequestRecorder: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let recorded = Mutex<HTTPRequestHead?>(nil)

    /// The first request's head, when it asked for an upgrade.
    var upgradeHead: HTTPRequestHead? { recorded.withLock { $0 } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data), head.headers.contains(name: "upgrade") {
            recorded.withLock { $0 = head }
        }
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
