import Logging
import NIOCore
import NIOPosix

/// Handles one accepted client connection: picks a backend, asks the policy, connects, and splices the two
/// connections together. A client whose Service has no ready endpoint, or whose backend refuses, is reset.
struct ProxyConnector: Sendable {
    let routes: ProxyRouteTable
    let registry: ProxyConnectionRegistry
    let policy: any ProxyPolicy
    let logger: Logger
    let connectTimeout: TimeAmount

    /// The child channel initializer of a listener for `target`: the work starts once the channel is active
    /// (an accepted channel is registered only after its initializer ran). The channel must have autoRead off.
    func initialize(_ client: any Channel, target: ProxyTarget) -> EventLoopFuture<Void> {
        let connector = self
        return client.eventLoop.makeCompletedFuture {
            try client.pipeline.syncOperations.addHandler(ProxyAcceptHandler(connector: connector, target: target))
        }
    }

    /// Picks a backend for a newly active client connection and starts forwarding (on the channel's loop).
    func start(_ client: any Channel, target: ProxyTarget) {
        let loop = client.eventLoop
        guard let backend = routes.next(for: target) else {
            logger.debug("no ready endpoints, rejecting connection", metadata: ["service": "\(target)"])
            Self.reset(client)
            return
        }
        registry.track(client)
        let info = ProxyConnectionInfo(target: target, backend: backend, client: client.remoteAddress?.description)
        switch policy.action(for: info) {
        case .forward:
            connect(client, to: backend, target: target)
        case .delay(let duration):
            loop.scheduleTask(in: Self.timeAmount(duration)) {
                connect(client, to: backend, target: target)
            }
        case .abort:
            logger.debug("policy aborted connection", metadata: ["service": "\(target)"])
            Self.reset(client)
        }
    }

    private func connect(_ client: any Channel, to backend: ProxyBackend, target: ProxyTarget) {
        let registry = registry
        let logger = logger
        ClientBootstrap(group: client.eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .channelOption(ChannelOptions.autoRead, value: false)
            .connect(host: backend.ip, port: backend.port)
            .flatMapThrowing { server in
                registry.track(server)
                do {
                    try Self.splice(client, server)
                } catch {
                    server.close(promise: nil)
                    throw error
                }
            }
            .whenFailure { error in
                logger.warning(
                    "connection to backend failed",
                    metadata: ["service": "\(target)", "backend": "\(backend)", "error": "\(error)"]
                )
                Self.reset(client)
            }
    }

    /// Adds a glue pair to both channels (on their shared event loop) and starts reading on both.
    private static func splice(_ client: any Channel, _ server: any Channel) throws {
        client.eventLoop.preconditionInEventLoop()
        guard client.isActive else { throw ChannelError.ioOnClosedChannel }
        let (clientSide, serverSide) = ProxyGlueHandler.pair()
        try client.pipeline.syncOperations.addHandler(clientSide)
        try server.pipeline.syncOperations.addHandler(serverSide)
        for channel in [client, server] {
            if let options = channel.syncOptions {
                try options.setOption(ChannelOptions.autoRead, value: true)
            } else {
                channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in channel.close(promise: nil) }
            }
        }
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

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
