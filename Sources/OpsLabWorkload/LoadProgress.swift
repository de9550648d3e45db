/// A snapshot of a running load test, reported about once a second.
public struct LoadProgress: Sendable {
    /// Time since the first scheduled send.
    public var elapsed: Duration
    /// The counters so far (latency included).
    public var counters: LoadCounters

    /// Creates a snapshot.
    public init(elapsed: Duration, counters: LoadCounters) {
        self.elapsed = elapsed
        self.counters = counters
    }

    /// Completed responses per second since the start.
    public var rate: Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(counters.completed) / seconds : 0
    }

    /// The 99th percentile latency so far, in microseconds.
    public var p99Microseconds: UInt64 { counters.latency.value(atPercentile: 99) }

    /// One status line: `[  5.0s] sent 500, 100.0 req/s, errors 0, p99 3.21ms`.
    public var line: String {
        let seconds = WrkFormat.fixed(elapsed.seconds, decimals: 1)
        return "[\(String(repeating: " ", count: max(0, 6 - seconds.count)))\(seconds)s] sent \(counters.dispatched), "
            + "\(WrkFormat.fixed(rate, decimals: 1)) req/s, errors \(counters.errors.total), "
            + "p99 \(WrkFormat.time(microseconds: Double(p99Microseconds)))"
    }
}
