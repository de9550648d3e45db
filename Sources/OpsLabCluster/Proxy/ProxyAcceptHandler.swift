import NIOCore

/// Sits on an accepted client channel and hands it to the connector once it is active; afterwards it only
/// passes events through.
final class ProxyAcceptHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny

    private let connector: ProxyConnector
    private let target: ProxyTarget

    init(connector: ProxyConnector, target: ProxyTarget) {
        self.connector = connector
        self.target = target
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        connector.start(context.channel, target: target)
    }
}
