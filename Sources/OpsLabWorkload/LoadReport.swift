/// The result of one load run: what was scheduled, sent and answered, the latency distribution and the errors.
public struct LoadReport: Sendable {
    /// The configuration the run used.
    public var configuration: LoadConfiguration
    /// The number of event loops the run used.
    public var threads: Int
    /// Time from the first intended send until the last response (or timeout) of the run.
    public var elapsed: Duration
    /// Counts, bytes and the latency histogram, merged over all workers.
    public var counters: LoadCounters
    /// Completed responses per second of each worker, one sample per whole second (wrk's `Req/Sec` row).
    public var rateSamples: [Double]
    /// True when the run was cancelled before its duration ended.
    public var interrupted: Bool

    /// Creates a report.
    public init(
        configuration: LoadConfiguration, threads: Int, elapsed: Duration, counters: LoadCounters,
        rateSamples: [Double] = [], interrupted: Bool = false
    ) {
        self.configuration = configuration
        self.threads = threads
        self.elapsed = elapsed
        self.counters = counters
        self.rateSamples = rateSamples
        self.interrupted = interrupted
    }

    /// The latency histogram (µs from the intended send time).
    public var latency: LatencyHistogram { counters.latency }

    /// Errors by kind.
    public var errors: LoadErrorCounts { counters.errors }

    /// ``elapsed`` in seconds.
    public var elapsedSeconds: Double { elapsed.seconds }

    /// Completed responses per second of elapsed time (wrk's `Requests/sec`).
    public var achievedRate: Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(counters.completed) / seconds : 0
    }

    /// Bytes read per second of elapsed time (wrk's `Transfer/sec`).
    public var transferRate: Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(counters.bytesRead) / seconds : 0
    }
}
