import Logging
import NIOCore
import NIOPosix

/// What every forwarded connection needs: the route table, the registry, the policy, and how to connect to a
/// backend and reset a client. The per-connection work is done by ``ProxyAcceptHandler``.
struct ProxyConnector: Sendable {
    let routes: ProxyRouteTable
    let registry: ProxyConnectionRegistry
    let policy: any ProxyPolicy
    let traffic: ProxyTrafficCounters
    /// The impairments connections are shaped by.
    let impairments: ProxyImpairments
    let logger: Logger
    let connectTimeout: TimeAmount

    /// The child channel initializer of a listener for `target`. The channel must have autoRead off.
    func initialize(_ client: any Channel, target: ProxyTarget) -> EventLoopFuture<Void> {
        let connector = self
        return client.eventLoop.makeCompletedFuture {
            try client.pipeline.syncOperations.addHandler(ProxyAcceptHandler(connector: connector, target: target))
        }
    }

    /// Opens a connection to a backend on `loop` (the client's loop, so both sides share one thread), with
    /// reading off until the two are spliced.
    func connect(to backend: ProxyBackend, on loop: any EventLoop) -> EventLoopFuture<any Channel> {
        ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .channelOption(ChannelOptions.autoRead, value: false)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .connect(host: backend.ip, port: backend.port)
    }

    /// Closes a connection with a TCP reset (SO_LINGER 0), so the client sees it fail at once.
    static func reset(_ channel: any Channel) {
        guard let provider = channel as? any SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        provider.setSoLinger(NIOLinger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    /// A `Duration` as NIO's `TimeAmount`.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
