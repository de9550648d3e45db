import Logging
import ServiceLifecycle
import Synchronization

/// Collects finished spans in a bounded queue and exports them in batches: every `scheduleDelay` (1 s), or
/// as soon as `maxExportBatchSize` (512) spans are waiting, and once more when it stops.
///
/// `enqueue` never blocks: when the queue holds `maxQueueSize` spans, new spans are dropped and counted in
/// `droppedSpans`. Exports run one at a time inside `run()`; nothing is exported until `run()` is running.
/// `run()` returns after graceful shutdown or cancellation, having exported everything still queued.
public final class SpanBatcher: Service, Sendable {
    /// The batcher's knobs.
    public struct Configuration: Sendable {
        /// How often queued spans are exported.
        public var scheduleDelay: Duration
        /// The most spans in one export; reaching this many queued spans triggers an export.
        public var maxExportBatchSize: Int
        /// The most spans held; further spans are dropped.
        public var maxQueueSize: Int

        /// Creates a configuration; the defaults are 1 s, 512 and 2048.
        public init(scheduleDelay: Duration = .seconds(1), maxExportBatchSize: Int = 512, maxQueueSize: Int = 2048) {
            self.scheduleDelay = scheduleDelay
            self.maxExportBatchSize = max(1, maxExportBatchSize)
            self.maxQueueSize = max(1, maxQueueSize)
        }
    }

    /// Counters of the batcher's work.
    public struct Statistics: Sendable, Hashable {
        /// Spans waiting for export.
        public var queued: Int
        /// Spans handed to the exporter.
        public var exported: Int
        /// Spans dropped because the queue was full.
        public var dropped: Int
        /// Export calls made.
        public var batches: Int
    }

    private struct State {
        var queue: [SpanRecord] = []
        var exported = 0
        var dropped = 0
        var batches = 0
        var wakeup: AsyncStream<Void>.Continuation?
    }

    /// The configuration in force.
    public let configuration: Configuration
    private let exporter: @Sendable ([SpanRecord]) async -> Void
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let state = Mutex(State())

    /// Creates a batcher exporting through `exporter`, timed by `clock`.
    public init(
        configuration: Configuration = .init(), clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "opslab.telemetry.span-batcher"),
        exporter: @escaping @Sendable ([SpanRecord]) async -> Void
    ) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.exporter = exporter
    }

    /// Queues a finished span; drops it (and counts) when the queue is full. Never blocks.
    public func enqueue(_ span: SpanRecord) {
        let dropped: Bool = state.withLock { state in
            guard state.queue.count < configuration.maxQueueSize else {
                state.dropped += 1
                return true
            }
            state.queue.append(span)
            if state.queue.count >= configuration.maxExportBatchSize { state.wakeup?.yield() }
            return false
        }
        if dropped { logger.debug("span queue full; span dropped", metadata: ["trace": "\(span.traceID)"]) }
    }

    /// Asks the running batcher to export what is queued now, without waiting for it.
    public func forceFlush() {
        state.withLock { state in _ = state.wakeup?.yield() }
    }

    /// Exports everything queued now, in batches, and returns when the exporter is done with them.
    public func flush() async {
        while let batch = takeBatch() {
            await exporter(batch)
        }
    }

    /// Number of spans dropped because the queue was full.
    public var droppedSpans: Int { state.withLock { $0.dropped } }

    /// Current counters.
    public var statistics: Statistics {
        state.withLock {
            Statistics(queued: $0.queue.count, exported: $0.exported, dropped: $0.dropped, batches: $0.batches)
        }
    }

    /// Exports on schedule until graceful shutdown or cancellation, then exports what is left and returns.
    ///
    /// Run it once (directly, or in a `ServiceGroup`); spans enqueued before it starts wait in the queue.
    public func run() async throws {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let alreadyFull = state.withLock { state in
            state.wakeup = continuation
            return state.queue.count >= configuration.maxExportBatchSize
        }
        if alreadyFull { continuation.yield() }
        let clock = self.clock
        let delay = configuration.scheduleDelay
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        do { try await clock.sleep(for: delay) } catch { break }
                        continuation.yield()
                    }
                }
                for await _ in stream { await flush() }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
        state.withLock { $0.wakeup = nil }
        continuation.finish()
        await flush()
        logger.debug("span batcher stopped", metadata: ["dropped": "\(droppedSpans)"])
    }

    private func takeBatch() -> [SpanRecord]? {
        state.withLock { state in
            guard !state.queue.isEmpty else { return nil }
            let count = min(configuration.maxExportBatchSize, state.queue.count)
            let batch = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            state.exported += count
            state.batches += 1
            return batch
        }
    }
}
