import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The kubelet's resource measurements (what cAdvisor does on a real node): samples every running container's
/// process group from `/proc` every `interval`, keeps a bounded history per container for rates, and answers
/// the cAdvisor exposition and the metrics API from it.
///
/// A container seen for the first time is sampled again after `warmUpInterval`, so it has a CPU rate (two
/// samples) within about a second instead of two full intervals.
public final class ContainerStatsCollector: Service, Sendable {
    /// How often and how much to sample.
    public struct Configuration: Sendable {
        /// Time between sampling passes (`OPSLAB_METRICS_INTERVAL`, seconds; default 5).
        public var interval: Duration
        /// Time before a new container's second sample (default 1 s).
        public var warmUpInterval: Duration
        /// Samples kept per container (default 12: a minute at the default interval).
        public var historyLimit: Int
        /// The shortest window a CPU rate is computed over (default 0.5 s).
        public var minimumWindow: TimeInterval

        /// Creates a configuration.
        public init(
            interval: Duration = .seconds(5), warmUpInterval: Duration = .seconds(1), historyLimit: Int = 12,
            minimumWindow: TimeInterval = 0.5
        ) {
            self.interval = interval
            self.warmUpInterval = warmUpInterval
            self.historyLimit = historyLimit
            self.minimumWindow = minimumWindow
        }

        /// The defaults with `OPSLAB_METRICS_INTERVAL` (seconds, fractions allowed, at least 0.1) applied.
        public static func fromEnvironment(
            _ environment: [String: String] = ProcessInfo.processInfo.environment
        )
            -> Configuration
        {
            var configuration = Configuration()
            if let text = environment["OPSLAB_METRICS_INTERVAL"], let seconds = Double(text), seconds >= 0.1 {
                configuration.interval = .milliseconds(Int64(seconds * 1000))
                if configuration.warmUpInterval > configuration.interval {
                    configuration.warmUpInterval = configuration.interval
                }
            }
            return configuration
        }
    }

    /// The configuration.
    public let configuration: Configuration
    private let processes: @Sendable () -> [ContainerProcessRef]
    private let sampler: ProcessSampler
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void
    private let logger: Logger
    private let state: Mutex<State>
    private let passLock = Mutex(())

    private struct State {
        var history: ContainerStatsHistory
        var lastPass: Date?
        var lastPassDuration: Duration = .zero
        var passes = 0
    }

    /// Creates a collector.
    ///
    /// - Parameters:
    ///   - processes: the running container instances (the kubelet's pid table).
    ///   - now: the clock samples are stamped with.
    ///   - sleep: how the loop waits (injected so tests need not wait).
    public init(
        configuration: Configuration = Configuration(), processes: @escaping @Sendable () -> [ContainerProcessRef],
        sampler: ProcessSampler = ProcessSampler(), now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "opslab.kubelet.stats")
    ) {
        self.configuration = configuration
        self.processes = processes
        self.sampler = sampler
        self.now = now
        self.sleep = sleep
        self.logger = logger
        self.state = Mutex(State(history: ContainerStatsHistory(limit: configuration.historyLimit)))
    }

    /// Samples on schedule until cancelled.
    public func run() async throws {
        let tick = min(configuration.warmUpInterval, configuration.interval)
        while !Task.isCancelled {
            if isPassDue() { sampleNow() }
            do { try await sleep(tick) } catch { return }
        }
    }

    /// Whether the interval is over, or a running container still waits for its second sample.
    func isPassDue() -> Bool {
        let current = now()
        guard let lastPass = state.withLock({ $0.lastPass }) else { return true }
        let elapsed = current.timeIntervalSince(lastPass)
        if elapsed >= Self.seconds(configuration.interval) { return true }
        guard elapsed >= Self.seconds(configuration.warmUpInterval) else { return false }
        let running = processes()
        return state.withLock { state in running.contains { state.history.isWarmingUp($0.key) } }
    }

    /// Takes one sampling pass now and returns how long reading `/proc` took.
    @discardableResult
    public func sampleNow() -> Duration {
        passLock.withLock { _ in
            let running = processes()
            let clock = ContinuousClock()
            let started = clock.now
            let usage = sampler.sample(groups: Set(running.map(\.pid)))
            let elapsed = clock.now - started
            let timestamp = now()
            var samples: [ContainerKey: ContainerSample] = [:]
            for process in running {
                guard let measured = usage[process.pid] else { continue }
                samples[process.key] = ContainerSample(timestamp: timestamp, pid: process.pid, usage: measured)
            }
            state.withLock { state in
                state.history.record(samples, running: Set(running.map(\.key)))
                state.lastPass = timestamp
                state.lastPassDuration = elapsed
                state.passes += 1
            }
            logger.trace("sampled containers", metadata: ["containers": "\(samples.count)", "took": "\(elapsed)"])
            return elapsed
        }
    }

    /// Samples now unless the last pass is younger than `maxAge` seconds.
    public func refresh(maxAge: TimeInterval) {
        let lastPass = state.withLock { $0.lastPass }
        if let lastPass, now().timeIntervalSince(lastPass) < maxAge { return }
        sampleNow()
    }

    /// The newest sample of every container that has one.
    public func latestSamples() -> [ContainerKey: ContainerSample] {
        state.withLock { state in state.history.series.compactMapValues(\.last) }
    }

    /// The CPU rate of every container that has two samples far enough apart.
    public func rates() -> [ContainerKey: ContainerRate] {
        let window = configuration.minimumWindow
        return state.withLock { state in
            var result: [ContainerKey: ContainerRate] = [:]
            for key in state.history.series.keys {
                if let rate = state.history.rate(key, minimumWindow: window) { result[key] = rate }
            }
            return result
        }
    }

    /// How long the last pass spent reading `/proc`, and how many passes there have been.
    public var lastPassCost: (duration: Duration, passes: Int) {
        state.withLock { ($0.lastPassDuration, $0.passes) }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
