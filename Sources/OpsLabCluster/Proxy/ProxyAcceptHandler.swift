import Logging
import NIOCore

/// The first handler on an accepted client channel: once the channel is active it picks a backend, asks the
/// policy, connects, and splices the two channels with a ``ProxyGlueHandler`` pair, then removes itself.
///
/// Until the splice, reads are off, but NIO still drains the socket when the client half-closes early; those
/// bytes and the `inputClosed` event are held here and replayed to the glue, so nothing is lost.
final class ProxyAcceptHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny

    private let connector: ProxyConnector
    private let target: ProxyTarget
    private var held: [NIOAny] = []
    private var heldInputClosed = false
    private var spliced = false
    /// The handshake's seeded generator, made on the first impaired handshake.
    private var random: ChaosRandom?

    init(connector: ProxyConnector, target: ProxyTarget) {
        self.connector = connector
        self.target = target
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        // Start on the next tick: a loopback connect can complete synchronously, and splicing while NIO is still
        // activating this channel would lose the read interest the splice sets.
        context.eventLoop.assumeIsolated().execute {
            self.begin(context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if spliced { context.fireChannelRead(data) } else { held.append(data) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if spliced { context.fireChannelReadComplete() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if !spliced, let event = event as? ChannelEvent, event == .inputClosed {
            heldInputClosed = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func begin(context: ChannelHandlerContext) {
        let client = context.channel
        guard client.isActive else { return }
        guard let backend = connector.routes.next(for: target) else {
            connector.logger.debug("no ready endpoints, resetting connection", metadata: ["service": "\(target)"])
            ProxyConnector.reset(client)
            return
        }
        connector.registry.track(client)
        let info = ProxyConnectionInfo(target: target, backend: backend, client: client.remoteAddress?.description)
        switch connector.policy.action(for: info) {
        case .forward:
            handshake(context: context, to: backend, retransmissions: 0)
        case .delay(let duration):
            context.eventLoop.assumeIsolated().scheduleTask(in: ProxyConnector.timeAmount(duration)) {
                self.connect(context: context, to: backend)
            }
        case .abort:
            connector.logger.debug("policy aborted connection", metadata: ["service": "\(target)"])
            ProxyConnector.reset(client)
        }
    }

    /// Connects at once when no impairment is installed; otherwise models the TCP handshake through the
    /// impairments between the client and the backend (delayed, retransmitted, or failed).
    private func handshake(context: ChannelHandlerContext, to backend: ProxyBackend, retransmissions: Int) {
        let impairments = connector.impairments
        guard impairments.isActive, context.channel.isActive else {
            connect(context: context, to: backend)
            return
        }
        let client = context.channel.remoteAddress?.ipAddress
        let up = impairments.impairment(sender: client, receiver: backend.ip)
        let down = impairments.impairment(sender: backend.ip, receiver: client)
        guard up != nil || down != nil else {
            connect(context: context, to: backend)
            return
        }
        if random == nil { random = impairments.makeRandom(connection: impairments.nextConnection(), stream: 2) }
        var generator = random ?? ChaosRandom(seed: impairments.seed)
        let step = ProxyHandshake.attempt(retransmissions: retransmissions, up: up, down: down, random: &generator)
        random = generator
        switch step {
        case .connect(let delay) where delay.nanoseconds <= 0:
            connect(context: context, to: backend)
        case .connect(let delay):
            context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
                self.connect(context: context, to: backend)
            }
        case .retry(let timeout):
            context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                self.handshake(context: context, to: backend, retransmissions: retransmissions + 1)
            }
        case .fail:
            connector.logger.debug("handshake timed out", metadata: ["service": "\(target)"])
            ProxyConnector.reset(context.channel)
        }
    }

    private func connect(context: ChannelHandlerContext, to backend: ProxyBackend) {
        guard context.channel.isActive else { return }
        connector.traffic.connecting(to: backend)
        connector.connect(to: backend, on: context.eventLoop).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let server):
                self.connector.registry.track(server)
                self.splice(context: context, server: server, backend: backend)
            case .failure(let error):
                self.connector.traffic.connectFailed(to: backend)
                self.connector.logger.warning(
                    "connection to backend failed",
                    metadata: ["service": "\(self.target)", "backend": "\(backend)", "error": "\(error)"]
                )
                ProxyConnector.reset(context.channel)
            }
        }
    }

    private func splice(context: ChannelHandlerContext, server: any Channel, backend: ProxyBackend) {
        let client = context.channel
        guard client.isActive else {
            server.close(promise: nil)
            return
        }
        let (clientSide, serverSide) = ProxyGlueHandler.pair(
            counting: connector.traffic, backend: backend, impairments: connector.impairments,
            client: client.remoteAddress?.ipAddress)
        do {
            try context.pipeline.syncOperations.addHandler(clientSide)
            try server.pipeline.syncOperations.addHandler(serverSide)
        } catch {
            server.close(promise: nil)
            ProxyConnector.reset(client)
            return
        }
        spliced = true
        let replay = held
        held = []
        for data in replay { context.fireChannelRead(data) }
        if !replay.isEmpty { context.fireChannelReadComplete() }
        if heldInputClosed { context.fireUserInboundEventTriggered(ChannelEvent.inputClosed) }
        for channel in [client, server] {
            do {
                try channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
            } catch {
                channel.close(promise: nil)
            }
            channel.pipeline.syncOperations.read()
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
