/// The knobs of one open-loop load run (wrk2's `-R`, `-d`, `-c`, `-t`, `-D`, `--timeout`), with defaults.
public struct LoadConfiguration: Sendable {
    /// The base URL, `http://host[:port][/path]`; requests go to its host and port.
    public var url: String
    /// The target rate over all connections, in requests per second (wrk2's `-R`).
    public var rate: Double
    /// How long requests are scheduled for (wrk2's `-d`).
    public var duration: Duration
    /// Keep-alive connections in total, each with at most one request in flight (wrk2's `-c`).
    public var connections: Int
    /// Event loops (threads); connections are spread over them (wrk2's `-t`). Clamped to `connections`.
    public var threads: Int
    /// How the gaps between intended send times are drawn (wrk2's `-D`).
    public var distribution: InterArrivalDistribution
    /// How long a sent request may wait for its response before it counts as a timeout error and its connection is
    /// closed and reopened (wrk's `--timeout`, default 2 s). Also the connect timeout.
    public var timeout: Duration
    /// The seed of the schedule and of the request source; the same seed gives the same run.
    public var seed: UInt64

    /// Creates a configuration; `rate` and `duration` have no default.
    public init(
        url: String, rate: Double, duration: Duration, connections: Int = 2, threads: Int = 2,
        distribution: InterArrivalDistribution = .fixed, timeout: Duration = .seconds(2), seed: UInt64 = 1
    ) {
        self.url = url
        self.rate = rate
        self.duration = duration
        self.connections = connections
        self.threads = threads
        self.distribution = distribution
        self.timeout = timeout
        self.seed = seed
    }

    /// The number of event loops actually used: `threads`, at most `connections`, at least 1.
    public var effectiveThreads: Int { max(1, min(threads, connections)) }

    /// Throws ``LoadGeneratorError`` (`invalidConfiguration`) when a value is out of range.
    public func validate() throws {
        func fail(_ message: String) -> LoadGeneratorError {
            LoadGeneratorError(code: .invalidConfiguration, message: message)
        }
        guard rate > 0, rate.isFinite else { throw fail("rate must be a positive number of requests per second") }
        guard duration > .zero else { throw fail("duration must be positive") }
        guard connections > 0 else { throw fail("connections must be at least 1") }
        guard threads > 0 else { throw fail("threads must be at least 1") }
        guard timeout > .zero else { throw fail("timeout must be positive") }
    }
}
