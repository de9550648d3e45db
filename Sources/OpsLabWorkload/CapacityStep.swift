/// One step of a capacity search: open-loop load at one target rate, and what it measured.
///
/// Latencies are wrk2-style (from the intended send time, so coordinated omission is corrected), in microseconds.
public struct CapacityStep: Sendable, Hashable, Codable {
    /// The rate the step asked for, in requests per second.
    public var targetRate: Double
    /// The rate the step completed, in requests per second of elapsed time.
    public var achievedRate: Double
    /// Completed requests (responses of any status).
    public var completed: Int
    /// Failed requests: connect, read, write and timeout errors and non-2xx/3xx responses.
    public var errors: Int
    /// The median latency.
    public var p50Microseconds: UInt64
    /// The 99th percentile latency.
    public var p99Microseconds: UInt64

    /// Creates a step.
    public init(
        targetRate: Double, achievedRate: Double, completed: Int, errors: Int, p50Microseconds: UInt64,
        p99Microseconds: UInt64
    ) {
        self.targetRate = targetRate
        self.achievedRate = achievedRate
        self.completed = completed
        self.errors = errors
        self.p50Microseconds = p50Microseconds
        self.p99Microseconds = p99Microseconds
    }

    /// The step of a finished load run: its target rate, achieved rate, counts and percentiles.
    public init(report: LoadReport) {
        self.init(
            targetRate: report.configuration.rate, achievedRate: report.achievedRate,
            completed: report.counters.completed, errors: report.errors.total,
            p50Microseconds: report.latency.value(atPercentile: 50),
            p99Microseconds: report.latency.value(atPercentile: 99))
    }

    /// Errors as a fraction of completed plus failed requests (0 when nothing was sent).
    public var errorFraction: Double {
        let attempts = completed + errors
        return attempts > 0 ? Double(errors) / Double(attempts) : 0
    }
}
