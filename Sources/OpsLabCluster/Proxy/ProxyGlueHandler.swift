import NIOCore

/// One half of a pair of handlers that splice two channels together: bytes read on one side are written to
/// the other, with backpressure and half-close.
///
/// - Reads are only passed on while the partner channel is writable; a held-back read resumes when the
///   partner becomes writable again.
/// - End of input on one side half-closes the other side's output; a full close of one side closes the other.
///
/// Both channels must live on the same event loop.
final class ProxyGlueHandler: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var partner: ProxyGlueHandler?
    private var context: ChannelHandlerContext?
    private var readHeldBack = false
    /// Counts the bytes of each read on this side (the proxy's traffic counters), if set.
    private let meter: (@Sendable (Int) -> Void)?
    /// Counts an error on this side's channel, if set.
    private let errorMeter: (@Sendable () -> Void)?

    private init(meter: (@Sendable (Int) -> Void)? = nil, errorMeter: (@Sendable () -> Void)? = nil) {
        self.meter = meter
        self.errorMeter = errorMeter
    }

    /// Two handlers that know each other, one for each channel.
    static func pair() -> (ProxyGlueHandler, ProxyGlueHandler) {
        link(ProxyGlueHandler(), ProxyGlueHandler())
    }

    /// Two handlers for a client and a backend channel that count the backend's traffic: what the client side
    /// reads the backend receives, what the backend side reads it transmits.
    static func pair(
        counting traffic: ProxyTrafficCounters, backend: ProxyBackend
    ) -> (client: ProxyGlueHandler, server: ProxyGlueHandler) {
        link(
            ProxyGlueHandler(meter: { traffic.received($0, by: backend) }),
            ProxyGlueHandler(
                meter: { traffic.transmitted($0, by: backend) },
                errorMeter: { traffic.connectionFailed(to: backend) }
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
        self.partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let meter {
            let bytes = ByteReads.unwrapInboundIn(data).readableBytes
            if bytes > 0 { meter(bytes) }
        }
        partner?.partnerWrite(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.partnerFlush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.partnerClose()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            partner?.partnerHalfClose()
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
        if partner?.isWritable ?? false {
            context.read()
        } else {
            readHeldBack = true
        }
    }

    private var isWritable: Bool { context?.channel.isWritable ?? false }

    private func partnerWrite(_ data: NIOAny) {
        context?.write(data, promise: nil)
    }

    private func partnerFlush() {
        context?.flush()
    }

    private func partnerClose() {
        closeAfterPendingWrites(mode: .all)
    }

    private func partnerHalfClose() {
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

    private func partnerWritable() {
        guard readHeldBack, let context else { return }
        readHeldBack = false
        context.read()
    }
}

/// Reads on a TCP channel are byte buffers; this names the type to unwrap them for counting.
private final class ByteReads: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
}
