import NIOCore

extension ProxyGlueHandler {
    /// Puts a read into the network model and delivers what is due.
    func shapedRead(_ data: NIOAny, bytes: Int, shaping: ProxyShaping) {
        let now = NIODeadline.now()
        shaping.queue.send(data, now: now, impairment: shaping.current, random: &shaping.random)
        shaping.queuedBytes += bytes
        shaping.sizes.append(bytes)
        pump(shaping, now: now)
    }

    /// Retransmits and delivers what is due, passes on a deferred close once idle, and arms the timer for the
    /// next due time.
    func pump(_ shaping: ProxyShaping, now: NIODeadline = .now()) {
        let outcome = shaping.queue.advance(now: now, impairment: shaping.current, random: &shaping.random)
        if outcome.failed {
            // Out of retransmissions: the connection times out, both ways.
            shaping.timer?.cancel()
            shaping.timer = nil
            if let channel = partner?.context?.channel { ProxyConnector.reset(channel) }
            if let channel = context?.channel { ProxyConnector.reset(channel) }
            return
        }
        if !outcome.delivered.isEmpty {
            for data in outcome.delivered { partner?.partnerWrite(data) }
            partner?.partnerFlush()
            let sent = shaping.sizes.prefix(outcome.delivered.count).reduce(0, +)
            shaping.sizes.removeFirst(outcome.delivered.count)
            let wasFull = shaping.isFull
            shaping.queuedBytes -= sent
            if wasFull, !shaping.isFull { resumeReading() }
        }
        guard let deadline = shaping.queue.nextDeadline else {
            shaping.timer?.cancel()
            shaping.timer = nil
            shaping.timerDeadline = nil
            if let mode = shaping.pendingClose {
                shaping.pendingClose = nil
                if mode == .all { partner?.partnerClose() } else { partner?.partnerHalfClose() }
            }
            if context == nil { releasePartner() }
            return
        }
        if let armed = shaping.timerDeadline, armed <= deadline, shaping.timer != nil { return }
        shaping.timer?.cancel()
        guard let loop = context?.eventLoop ?? partner?.context?.eventLoop else { return }
        shaping.timerDeadline = deadline
        shaping.timer = loop.assumeIsolated().scheduleTask(deadline: deadline) {
            shaping.timer = nil
            shaping.timerDeadline = nil
            self.pump(shaping)
        }
    }

    /// Reads again after the model's queue drained below its limit (if reads were held back).
    private func resumeReading() {
        guard readHeldBack, let context, partner?.context?.channel.isWritable ?? false else { return }
        readHeldBack = false
        context.read()
    }
}
