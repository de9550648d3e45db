import NIOCore

/// How the network treats bytes on one path through the proxy: latency ± jitter, a loss probability, or a cut.
///
/// Several impairments on the same path add up: latencies and jitters add, losses compound, a cut wins.
public struct ProxyImpairment: Sendable, Hashable {
    /// The one-way latency added to every chunk.
    public var latency: TimeAmount
    /// The largest deviation from `latency` (uniform in ±jitter, as netem without a distribution table).
    public var jitter: TimeAmount
    /// The probability that one transmission of a chunk is lost, 0…1.
    public var loss: Double
    /// Whether nothing gets through (a partition).
    public var partitioned: Bool

    /// Creates an impairment.
    public init(latency: TimeAmount = .zero, jitter: TimeAmount = .zero, loss: Double = 0, partitioned: Bool = false) {
        self.latency = latency
        self.jitter = jitter
        self.loss = min(max(loss, 0), 1)
        self.partitioned = partitioned
    }

    /// Both impairments on the same path.
    public func combined(with other: ProxyImpairment) -> ProxyImpairment {
        ProxyImpairment(
            latency: latency + other.latency, jitter: jitter + other.jitter, loss: 1 - (1 - loss) * (1 - other.loss),
            partitioned: partitioned || other.partitioned)
    }

    /// Whether one transmission is lost: always when partitioned, else with probability ``loss``.
    public func loses(using random: inout some RandomNumberGenerator) -> Bool {
        if partitioned { return true }
        if loss <= 0 { return false }
        return Double.random(in: 0..<1, using: &random) < loss
    }

    /// The delay of one delivered transmission: `latency` ± `jitter`, never negative.
    public func sampleDelay(using random: inout some RandomNumberGenerator) -> TimeAmount {
        guard jitter.nanoseconds > 0 else { return latency }
        let offset = Int64.random(in: -jitter.nanoseconds...jitter.nanoseconds, using: &random)
        return .nanoseconds(max(0, latency.nanoseconds + offset))
    }
}
