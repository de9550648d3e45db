import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// What one worker hands back when it finishes.
struct WorkerResult: Sendable {
    var counters: LoadCounters
    var rateSamples: [Double]
    var finishedAt: NIODeadline
    var interrupted: Bool
}

/// One event loop's share of a load run: its connections, its part of the schedule, its counters.
///
/// All mutable state is confined to ``eventLoop``: every method except ``prepare()``, ``begin(start:end:)``,
/// ``requestStop()`` and ``snapshot()`` must run on it (those four hop onto it). That confinement is what makes the
/// `@unchecked Sendable` conformance sound.
final class LoadWorker: @unchecked Sendable {
    enum Phase {
        case preparing, running, draining, finished
    }

    struct Slot {
        enum State {
            case disconnected, connecting, idle, busy
        }
        var state = State.disconnected
        var generation = 0
        var channel: (any Channel)?
        var handler: ConnectionHandler?
        var pending: LoadRequest?
        var intended = NIODeadline.uptimeNanoseconds(0)
        var sentAt = NIODeadline.uptimeNanoseconds(0)
        var status = 0
        var keepAlive = true
        var preconnecting = false
    }

    let index: Int
    let eventLoop: any EventLoop
    let target: LoadTarget
    let address: SocketAddress
    let source: any RequestSource
    let timeout: TimeAmount
    let logger: Logger

    var requestGenerator: SeededGenerator
    var schedule: ArrivalSchedule
    var slots: [Slot]
    /// Slots that are idle or disconnected (while running), oldest first: due requests go to them in turn, so the
    /// load spreads over every connection (and over the backends a Service proxy picked for each).
    var available = CircularBuffer<Int>()
    var counters = LoadCounters()
    var phase = Phase.preparing
    var start = NIODeadline.uptimeNanoseconds(0)
    var end = NIODeadline.uptimeNanoseconds(0)
    var timer: NIOScheduledCallback?
    var timerDeadline: NIODeadline?
    var sweepTask: RepeatedTask?
    var preconnectsLeft = 0
    var stopRequested = false
    var readyFulfilled = false
    let ready: EventLoopPromise<Void>
    let done: EventLoopPromise<WorkerResult>
    var cachedRequest: LoadRequest?
    var cachedHead: HTTPRequestHead?
    var rateSamples: [Double] = []
    var completedAtLastSample = 0
    var nextSampleAt = NIODeadline.uptimeNanoseconds(0)

    init(
        index: Int, workers: Int, connections: Int, eventLoop: any EventLoop, configuration: LoadConfiguration,
        target: LoadTarget, address: SocketAddress, source: any RequestSource, logger: Logger
    ) {
        self.index = index
        self.eventLoop = eventLoop
        self.target = target
        self.address = address
        self.source = source
        self.timeout = .nanoseconds(configuration.timeout.nanoseconds)
        self.logger = logger
        self.requestGenerator = SeededGenerator(seed: configuration.seed, stream: 0x8E0_0000 + UInt64(index))
        self.schedule = ArrivalSchedule(
            distribution: configuration.distribution, rate: configuration.rate, workers: workers, worker: index,
            seed: configuration.seed)
        self.slots = Array(repeating: Slot(), count: connections)
        self.ready = eventLoop.makePromise()
        self.done = eventLoop.makePromise()
    }

    // MARK: Lifecycle (callable from anywhere)

    /// Opens every connection once; the future succeeds when each attempt has succeeded or failed.
    func prepare() -> EventLoopFuture<Void> {
        eventLoop.execute { self.preconnect() }
        return ready.futureResult
    }

    /// Starts sending at `start`; no request is scheduled at or after `end`.
    func begin(start: NIODeadline, end: NIODeadline) {
        eventLoop.execute { self.run(start: start, end: end) }
    }

    /// Stops as soon as possible: nothing more is sent, every connection is closed, ``done`` succeeds.
    func requestStop() {
        eventLoop.execute { self.stop() }
    }

    /// The counters so far.
    func snapshot() -> EventLoopFuture<LoadCounters> {
        eventLoop.submit { self.counters }
    }

    // MARK: Lifecycle (on the event loop)

    private func preconnect() {
        preconnectsLeft = slots.count
        for index in slots.indices {
            slots[index].preconnecting = true
            connect(slot: index)
        }
    }

    func preconnectSettled() {
        preconnectsLeft -= 1
        if preconnectsLeft == 0 { fulfillReady() }
    }

    private func fulfillReady() {
        if !readyFulfilled {
            readyFulfilled = true
            ready.succeed(())
        }
    }

    private func run(start: NIODeadline, end: NIODeadline) {
        guard phase == .preparing else { return }
        self.start = start
        self.end = end
        if stopRequested {
            finish(interrupted: true)
            return
        }
        phase = .running
        available = CircularBuffer(
            slots.indices.filter { slots[$0].state == .idle || slots[$0].state == .disconnected })
        nextSampleAt = start + .seconds(1)
        let interval = TimeAmount.nanoseconds(min(100_000_000, max(1_000_000, timeout.nanoseconds / 10)))
        sweepTask = eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in self.sweep() }
        dispatch()
    }

    private func stop() {
        stopRequested = true
        switch phase {
        case .preparing:
            fulfillReady()
        case .running, .draining:
            let now = NIODeadline.now()
            if phase == .running {
                end = min(end, now)
                enterDraining()
            }
            finish(interrupted: true)
        case .finished:
            break
        }
    }

    /// Stops scheduling: counts the requests that were due but never sent, then waits for in-flight responses.
    func enterDraining() {
        guard phase == .running else { return }
        phase = .draining
        cancelTimer()
        let unsent = schedule.drain(
            before: end.uptimeNanoseconds > start.uptimeNanoseconds
                ? Int64(end.uptimeNanoseconds - start.uptimeNanoseconds) : 0)
        counters.unsent += unsent
        counters.scheduled += unsent
        finishIfIdle()
    }

    func finishIfIdle() {
        guard phase == .draining else { return }
        if !slots.contains(where: { $0.state == .busy || $0.state == .connecting }) {
            finish(interrupted: false)
        }
    }

    private func finish(interrupted: Bool) {
        guard phase != .finished else { return }
        phase = .finished
        cancelTimer()
        sweepTask?.cancel()
        sweepTask = nil
        let finishedAt = NIODeadline.now()
        var closing: [EventLoopFuture<Void>] = []
        for index in slots.indices {
            if let channel = slots[index].channel {
                let promise = eventLoop.makePromise(of: Void.self)
                channel.close(promise: promise)
                closing.append(promise.futureResult)
            }
            release(slot: index)
        }
        let result = WorkerResult(
            counters: counters, rateSamples: rateSamples, finishedAt: finishedAt,
            interrupted: interrupted || stopRequested)
        EventLoopFuture.whenAllComplete(closing, on: eventLoop).whenComplete { _ in self.done.succeed(result) }
    }

    /// Forgets a slot's connection (its late events are ignored) without closing it.
    func release(slot index: Int) {
        slots[index].generation += 1
        slots[index].channel = nil
        slots[index].handler = nil
        slots[index].pending = nil
        slots[index].state = .disconnected
    }

    /// Closes a slot's connection and forgets it.
    func close(slot index: Int) {
        let channel = slots[index].channel
        release(slot: index)
        channel?.close(promise: nil)
    }

    // MARK: Timers

    func arm(at deadline: NIODeadline) {
        if let armed = timerDeadline, armed <= deadline { return }
        cancelTimer()
        timerDeadline = deadline
        timer = try? eventLoop.scheduleCallback(at: deadline, handler: self)
    }

    func cancelTimer() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
    }

    private func sweep() {
        let now = NIODeadline.now()
        if phase == .running {
            while now >= nextSampleAt {
                rateSamples.append(Double(counters.completed - completedAtLastSample))
                completedAtLastSample = counters.completed
                nextSampleAt = nextSampleAt + .seconds(1)
            }
        }
        guard phase == .running || phase == .draining else { return }
        for index in slots.indices where slots[index].state == .busy && now - slots[index].sentAt > timeout {
            counters.errors.timeout += 1
            close(slot: index)
            slotFreed(index)
        }
        if phase == .running && now >= end { enterDraining() }
    }
}

extension LoadWorker: NIOScheduledCallbackHandler {
    func handleScheduledCallback(eventLoop: some EventLoop) {
        timer = nil
        timerDeadline = nil
        dispatch()
    }

    func didCancelScheduledCallback(eventLoop: some EventLoop) {}
}
