import Histogram

/// Latencies in microseconds, in an HDR histogram from 1 µs to 60 s with 3 significant digits.
///
/// Values above 60 s are recorded as 60 s (and counted in ``clampedCount``). Histograms of workers merge with
/// ``merge(_:)``; percentiles follow HdrHistogram's definition (the highest value equivalent to the requested rank).
public struct LatencyHistogram: Sendable {
    /// The highest trackable latency: 60 s in microseconds.
    public static let highestTrackableMicroseconds: UInt64 = 60_000_000

    var storage: Histogram<UInt64>
    /// How many recorded values exceeded 60 s and were clamped to it.
    public private(set) var clampedCount: UInt64 = 0

    /// Creates an empty histogram.
    public init() {
        storage = Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: Self.highestTrackableMicroseconds,
            numberOfSignificantValueDigits: .three)
    }

    /// Records one latency in microseconds.
    public mutating func record(microseconds: UInt64) {
        recordClamped(microseconds)
    }

    /// Records one latency given as a `Duration` (negative durations count as 0).
    public mutating func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 { return recordClamped(0) }
        let micros = UInt64(clamping: seconds) &* 1_000_000 &+ UInt64(clamping: attoseconds / 1_000_000_000_000)
        recordClamped(seconds > 1_000_000 ? Self.highestTrackableMicroseconds + 1 : micros)
    }

    mutating func recordClamped(_ value: UInt64) {
        if value > Self.highestTrackableMicroseconds {
            clampedCount += 1
            storage.record(Self.highestTrackableMicroseconds)
        } else {
            storage.record(value)
        }
    }

    /// Adds every value of `other` to this histogram.
    public mutating func merge(_ other: LatencyHistogram) {
        storage.add(other.storage)
        clampedCount += other.clampedCount
    }

    /// The number of recorded values.
    public var count: UInt64 { storage.totalCount }

    /// The latency (µs) at or below which `percentile` percent of the values lie; 0 when empty.
    public func value(atPercentile percentile: Double) -> UInt64 {
        count == 0 ? 0 : storage.valueAtPercentile(percentile)
    }

    /// The largest recorded latency (µs), 0 when empty.
    public var max: UInt64 { count == 0 ? 0 : storage.max }

    /// The smallest recorded latency (µs), 0 when empty.
    public var min: UInt64 { count == 0 ? 0 : storage.min }

    /// The mean latency (µs), 0 when empty.
    public var mean: Double { count == 0 ? 0 : storage.mean }

    /// The standard deviation (µs), 0 when empty.
    public var standardDeviation: Double { count == 0 ? 0 : storage.stdDeviation }

    /// How many values lie within `range` (µs, at the histogram's resolution).
    public func count(within range: ClosedRange<UInt64>) -> UInt64 {
        storage.count(within: range)
    }

    /// The share of values within one standard deviation of the mean, in percent (wrk's `+/- Stdev` column).
    public var percentWithinOneStandardDeviation: Double {
        guard count > 0 else { return 0 }
        let low = Swift.max(0, mean - standardDeviation)
        let high = mean + standardDeviation
        let lower = UInt64(low.rounded(.up))
        let upper = UInt64(Swift.max(high.rounded(.down), Double(lower)))
        return Double(count(within: lower...upper)) / Double(count) * 100
    }

    /// The percentile spectrum as HdrHistogram prints it, with values in milliseconds (wrk2's `-L` output).
    public func percentileSpectrum() -> String {
        var text = ""
        storage.outputPercentileDistribution(to: &text, outputValueUnitScalingRatio: 1000)
        return text
    }
}
