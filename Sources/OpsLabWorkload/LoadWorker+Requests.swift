import NIOCore
import NIOHTTP1
import NIOPosix

extension LoadWorker {
    // MARK: Scheduling

    /// Sends every request that is due, as long as a connection is free, and arms the timer for the next one.
    ///
    /// Requests that are due while every connection is busy stay in the schedule (an implicit queue) and go out,
    /// late, as soon as a connection frees up; their latency still counts from their intended time.
    func dispatch() {
        guard phase == .running else { return }
        let now = NIODeadline.now()
        if now >= end {
            enterDraining()
            return
        }
        while let slot = available.first {
            let intended = start + .nanoseconds(schedule.nextOffset)
            if intended >= end {
                arm(at: end)
                return
            }
            if intended > now {
                arm(at: intended)
                return
            }
            available.removeFirst()
            schedule.advance()
            counters.scheduled += 1
            counters.dispatched += 1
            let request = source.makeRequest(using: &requestGenerator)
            slots[slot].intended = intended
            if slots[slot].state == .idle {
                write(request, slot: slot, now: now)
            } else {
                slots[slot].pending = request
                connect(slot: slot)
            }
        }
    }

    /// A slot finished its request (or lost its connection): reuse it, or finish when draining.
    func slotFreed(_ slot: Int) {
        switch phase {
        case .running:
            available.append(slot)
            dispatch()
        case .draining:
            finishIfIdle()
        case .preparing, .finished:
            break
        }
    }

    // MARK: Connections

    /// Opens a connection for `slot`; a pending request goes out once it is open, or counts as a connect error.
    func connect(slot: Int) {
        slots[slot].generation += 1
        slots[slot].state = .connecting
        let generation = slots[slot].generation
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                do {
                    try self.configure(channel, slot: slot, generation: generation)
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        bootstrap.connect(to: address).whenComplete { result in
            self.connected(slot: slot, generation: generation, result: result)
        }
    }

    private func configure(_ channel: any Channel, slot: Int, generation: Int) throws {
        let operations = channel.pipeline.syncOperations
        try operations.addHTTPClientHandlers(enableOutboundHeaderValidation: false)
        try operations.addHandler(ByteCountingHandler(worker: self), position: .first)
        let handler = ConnectionHandler(worker: self, slot: slot, generation: generation)
        try operations.addHandler(handler)
        if slots[slot].generation == generation { slots[slot].handler = handler }
    }

    private func connected(slot: Int, generation: Int, result: Result<any Channel, any Error>) {
        guard slots[slot].generation == generation, phase != .finished else {
            if case .success(let channel) = result { channel.close(promise: nil) }
            return
        }
        let preconnecting = slots[slot].preconnecting
        slots[slot].preconnecting = false
        switch result {
        case .success(let channel):
            slots[slot].channel = channel
            slots[slot].state = .idle
            if let request = slots[slot].pending {
                slots[slot].pending = nil
                write(request, slot: slot, now: NIODeadline.now())
            }
        case .failure(let error):
            logger.debug("connect failed", metadata: ["address": "\(address)", "error": "\(error)"])
            let hadRequest = slots[slot].pending != nil
            release(slot: slot)
            if hadRequest {
                counters.errors.connect += 1
                slotFreed(slot)
            }
        }
        if preconnecting { preconnectSettled() }
    }

    // MARK: Requests and responses

    private func write(_ request: LoadRequest, slot: Int, now: NIODeadline) {
        guard let handler = slots[slot].handler else {
            counters.errors.write += 1
            close(slot: slot)
            slotFreed(slot)
            return
        }
        slots[slot].state = .busy
        slots[slot].sentAt = now
        slots[slot].status = 0
        slots[slot].keepAlive = true
        let generation = slots[slot].generation
        let promise = eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenFailure { _ in self.writeFailed(slot: slot, generation: generation) }
        let body = request.body.map { ByteBuffer(bytes: $0) }
        handler.send(head: head(for: request), body: body, promise: promise)
    }

    private func head(for request: LoadRequest) -> HTTPRequestHead {
        if let cachedHead, cachedRequest == request { return cachedHead }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: target.hostHeader)
        if let body = request.body {
            headers.add(name: "Content-Length", value: String(body.count))
        } else if ["POST", "PUT", "PATCH"].contains(request.method) {
            headers.add(name: "Content-Length", value: "0")
        }
        let head = HTTPRequestHead(
            version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.target, headers: headers)
        cachedRequest = request
        cachedHead = head
        return head
    }

    private func writeFailed(slot: Int, generation: Int) {
        guard slots[slot].generation == generation, slots[slot].state == .busy else { return }
        counters.errors.write += 1
        close(slot: slot)
        slotFreed(slot)
    }

    func responseHead(slot: Int, generation: Int, status: Int, keepAlive: Bool) {
        guard slots[slot].generation == generation, slots[slot].state == .busy else { return }
        slots[slot].status = status
        slots[slot].keepAlive = keepAlive
    }

    func responseEnd(slot: Int, generation: Int) {
        guard slots[slot].generation == generation, slots[slot].state == .busy else { return }
        let now = NIODeadline.now()
        counters.completed += 1
        let intended = slots[slot].intended.uptimeNanoseconds
        let waited = now.uptimeNanoseconds > intended ? now.uptimeNanoseconds - intended : 0
        counters.latency.record(microseconds: waited / 1000)
        if !(200..<400).contains(slots[slot].status) { counters.errors.status += 1 }
        if slots[slot].keepAlive {
            slots[slot].state = .idle
        } else {
            close(slot: slot)
        }
        slotFreed(slot)
    }

    /// The connection failed or closed: a request in flight on it is a read error.
    func connectionLost(slot: Int, generation: Int) {
        guard slots[slot].generation == generation else { return }
        let wasBusy = slots[slot].state == .busy
        let wasIdle = slots[slot].state == .idle
        guard wasBusy || wasIdle else { return }
        close(slot: slot)
        if wasBusy {
            counters.errors.read += 1
            slotFreed(slot)
        }
    }
}
