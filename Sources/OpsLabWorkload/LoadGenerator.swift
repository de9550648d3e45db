import Logging
import NIOCore
import NIOPosix

/// An open-loop, constant-throughput HTTP/1.1 load generator in the manner of wrk2.
///
/// Requests are scheduled at intended send times (evenly spaced or exponentially distributed, from the seed) on
/// `threads` event loops, each owning its share of `connections` keep-alive connections with at most one request in
/// flight. A due request goes out on any free connection; when all are busy it waits, and its latency, recorded in an
/// HDR histogram, is measured from its *intended* send time (coordinated-omission correction). Nothing is dropped
/// silently: every scheduled request is completed, fails with an error of a kind, or is reported as unsent.
public struct LoadGenerator: Sendable {
    /// The run's knobs.
    public var configuration: LoadConfiguration
    /// Where the requests come from; nil sends `GET` of the URL's path and query.
    public var source: (any RequestSource)?
    /// Where debug messages (connect failures) go.
    public var logger: Logger

    /// Creates a generator.
    public init(
        configuration: LoadConfiguration, source: (any RequestSource)? = nil,
        logger: Logger = Logger(label: "opslab.workload")
    ) {
        self.configuration = configuration
        self.source = source
        self.logger = logger
    }

    /// Runs the load for the configured duration, then waits (at most the timeout) for responses in flight.
    ///
    /// `progress` is called about once a second from a background task. Cancelling the calling task stops the run
    /// at once, closes every socket and returns the report so far with ``LoadReport/interrupted`` set. Throws
    /// ``LoadGeneratorError`` when the configuration or URL is unusable; connection failures are counted, not thrown.
    public func run(progress: (@Sendable (LoadProgress) -> Void)? = nil) async throws -> LoadReport {
        try configuration.validate()
        let target = try LoadTarget(url: configuration.url)
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(target.host, port: target.port)
        } catch {
            throw LoadGeneratorError(
                code: .unresolvableHost, message: "cannot resolve host '\(target.host)': \(error)", cause: error)
        }
        let source = self.source ?? SingleRequestSource(LoadRequest(method: "GET", target: target.pathAndQuery))
        let threads = configuration.effectiveThreads
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let loops = Array(group.makeIterator())
        let workers = loops.enumerated().map { index, loop in
            let share = configuration.connections / threads + (index < configuration.connections % threads ? 1 : 0)
            return LoadWorker(
                index: index, workers: threads, connections: share, eventLoop: loop, configuration: configuration,
                target: target, address: address, source: source, logger: logger)
        }
        let report = await drive(workers, on: loops[0], progress: progress)
        try? await group.shutdownGracefully()
        return report
    }

    private func drive(
        _ workers: [LoadWorker], on loop: any EventLoop, progress: (@Sendable (LoadProgress) -> Void)?
    ) async -> LoadReport {
        let configuration = self.configuration
        return await withTaskCancellationHandler {
            _ = try? await EventLoopFuture.andAllSucceed(workers.map { $0.prepare() }, on: loop).get()
            let start = NIODeadline.now()
            let end = start + .nanoseconds(configuration.duration.nanoseconds)
            for worker in workers { worker.begin(start: start, end: end) }
            let results = await withTaskGroup(of: [WorkerResult]?.self) { group -> [WorkerResult] in
                group.addTask {
                    (try? await EventLoopFuture.whenAllSucceed(workers.map(\.done.futureResult), on: loop).get()) ?? []
                }
                if let progress {
                    group.addTask {
                        while !Task.isCancelled {
                            do { try await Task.sleep(for: .seconds(1)) } catch { break }
                            guard let counters = await Self.snapshot(workers, on: loop) else { break }
                            let elapsed = Duration.nanoseconds((NIODeadline.now() - start).nanoseconds)
                            progress(LoadProgress(elapsed: elapsed, counters: counters))
                        }
                        return nil
                    }
                }
                var collected: [WorkerResult] = []
                for await result in group {
                    if let result {
                        collected = result
                        group.cancelAll()
                    }
                }
                return collected
            }
            var counters = LoadCounters()
            var samples: [Double] = []
            var finishedAt = start
            for result in results {
                counters.merge(result.counters)
                samples += result.rateSamples
                finishedAt = max(finishedAt, result.finishedAt)
            }
            let interrupted = results.contains { $0.interrupted } || results.count != workers.count
            return LoadReport(
                configuration: configuration, threads: workers.count,
                elapsed: .nanoseconds(finishedAt.uptimeNanoseconds - start.uptimeNanoseconds), counters: counters,
                rateSamples: samples, interrupted: interrupted)
        } onCancel: {
            for worker in workers { worker.requestStop() }
        }
    }

    private static func snapshot(_ workers: [LoadWorker], on loop: any EventLoop) async -> LoadCounters? {
        guard let parts = try? await EventLoopFuture.whenAllSucceed(workers.map { $0.snapshot() }, on: loop).get()
        else { return nil }
        var merged = LoadCounters()
        for part in parts { merged.merge(part) }
        return merged
    }
}
