import NIOCore

/// One half of a pair of handlers that splice two channels together: bytes read on one side are written to
/// the other, with backpressure and half-close.
///
/// - Reads are only passed on while the partner channel is writable; a held-back read resumes when the
///   partner becomes writable again.
/// - End of input on one side half-closes the other side's output; a full close of one side closes the other.
///
/// - With a ``ProxyShaping`` (the chaos hook), bytes pass through an impaired network model while any impairment
///   is installed; without one installed a read costs one atomic load more than plain forwarding.
///
/// Both channels must live on the same event loop.
final class ProxyGlueHandler: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private(set) var partner: ProxyGlueHandler?
    private(set) var context: ChannelHandlerContext?
    var readHeldBack = false
    /// The network model of the bytes this side reads, if the proxy shapes traffic.
    let shaping: ProxyShaping?
    /// Counts the bytes of each read on this side (the proxy's traffic counters), if set.
    private let meter: (@Sendable (Int) -> Void)?
    /// Counts an error on this side's channel, if set.
    private let errorMeter: (@Sendable () -> Void)?

    private init(
        meter: (@Sendable (Int) -> Void)? = nil, errorMeter: (@Sendable () -> Void)? = nil,
        shaping: ProxyShaping? = nil
    ) {
        self.meter = meter
        self.errorMeter = errorMeter
        self.shaping = shaping
    }

    /// Two handlers that know each other, one for each channel.
    static func pair() -> (ProxyGlueHandler, ProxyGlueHandler) {
        link(ProxyGlueHandler(), ProxyGlueHandler())
    }

    /// Two handlers for a client and a backend channel that count the backend's traffic: what the client side
    /// reads the backend receives, what the backend side reads it transmits.
    ///
    /// With `impairments`, each side models the network path of the bytes it reads: the client side those from
    /// `client` (an IP) to the backend, the server side those from the backend to `client`.
    static func pair(
        counting traffic: ProxyTrafficCounters, backend: ProxyBackend, impairments: ProxyImpairments? = nil,
        client: String? = nil
    ) -> (client: ProxyGlueHandler, server: ProxyGlueHandler) {
        let connection = impairments?.nextConnection() ?? 0
        return link(
            ProxyGlueHandler(
                meter: { traffic.received($0, by: backend) },
                shaping: impairments.map {
                    ProxyShaping(
                        impairments: $0, sender: client, receiver: backend.ip,
                        random: $0.makeRandom(connection: connection, stream: 0))
                }
            ),
            ProxyGlueHandler(
                meter: { traffic.transmitted($0, by: backend) },
                errorMeter: { traffic.connectionFailed(to: backend) },
                shaping: impairments.map {
                    ProxyShaping(
                        impairments: $0, sender: backend.ip, receiver: client,
                        random: $0.makeRandom(connection: connection, stream: 1))
                }
            )
        )
    }

    private static func link(
        _ first: ProxyGlueHandler, _ second: ProxyGlueHandler
    ) -> (ProxyGlueHandler, ProxyGlueHandler) {
        first.partner = second
        second.partner = first
        return (first, second)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        // Bytes still in flight keep the partner until they are delivered (or the partner is gone).
        if shaping?.isIdle ?? true { self.partner = nil }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = ByteReads.unwrapInboundIn(data).readableBytes
        if let meter, bytes > 0 { meter(bytes) }
        if let shaping, shaping.engaged {
            shapedRead(data, bytes: bytes, shaping: shaping)
            return
        }
        partner?.partnerWrite(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if shaping?.isIdle ?? true { partner?.partnerFlush() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let shaping, !shaping.isIdle {
            shaping.pendingClose = .all
        } else {
            partner?.partnerClose()
        }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            if let shaping, !shaping.isIdle {
                if shaping.pendingClose == nil { shaping.pendingClose = .output }
            } else {
                partner?.partnerHalfClose()
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        errorMeter?()
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.partnerWritable() }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if partner?.isWritable ?? false, !(shaping?.isFull ?? false) {
            context.read()
        } else {
            readHeldBack = true
        }
    }

    private var isWritable: Bool { context?.channel.isWritable ?? false }

    /// Forgets the partner (once this side is removed and nothing of it is in flight).
    func releasePartner() {
        partner = nil
    }

    func partnerWrite(_ data: NIOAny) {
        context?.write(data, promise: nil)
    }

    func partnerFlush() {
        context?.flush()
    }

    func partnerClose() {
        closeAfterPendingWrites(mode: .all)
    }

    func partnerHalfClose() {
        closeAfterPendingWrites(mode: .output)
    }

    /// Closes once everything written so far is out. (A plain close drops pending writes, and NIO escalates an
    /// output close on a channel whose input is already closed to a full close, so wait for the writes first.)
    private func closeAfterPendingWrites(mode: CloseMode) {
        guard let context else { return }
        let channel = context.channel
        let flushed = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(NIOAny(channel.allocator.buffer(capacity: 0)), promise: flushed)
        flushed.futureResult.whenComplete { _ in
            channel.close(mode: mode, promise: nil)
        }
    }

    func partnerWritable() {
        guard readHeldBack, let context, !(shaping?.isFull ?? false) else { return }
        readHeldBack = false
        context.read()
    }
}

/// Reads on a TCP channel are byte buffers; this names the type to unwrap them for counting.
final class ByteReads: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
}
