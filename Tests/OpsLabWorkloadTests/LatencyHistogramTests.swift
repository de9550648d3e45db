import Testing

@testable import OpsLabWorkload

@Suite("LatencyHistogram")
struct LatencyHistogramTests {
    /// Relative error allowed by three significant digits.
    func close(_ value: UInt64, _ expected: Double) -> Bool {
        abs(Double(value) - expected) <= expected * 0.001 + 1
    }

    @Test func percentilesOfAUniformRange() {
        var histogram = LatencyHistogram()
        for value in 1...10_000 { histogram.record(microseconds: UInt64(value)) }
        #expect(histogram.count == 10_000)
        #expect(close(histogram.value(atPercentile: 50), 5_000))
        #expect(close(histogram.value(atPercentile: 90), 9_000))
        #expect(close(histogram.value(atPercentile: 99), 9_900))
        #expect(close(histogram.value(atPercentile: 99.9), 9_990))
        #expect(close(histogram.value(atPercentile: 100), 10_000))
        #expect(histogram.min == 1)
        #expect(abs(histogram.mean - 5_000.5) < 5)
        #expect(abs(histogram.standardDeviation - 2_886.9) < 5)
    }

    @Test func percentilesOfFewKnownValues() {
        var histogram = LatencyHistogram()
        for value: UInt64 in [1_000, 2_000, 3_000, 4_000] { histogram.record(microseconds: value) }
        #expect(close(histogram.value(atPercentile: 25), 1_000))
        #expect(close(histogram.value(atPercentile: 50), 2_000))
        #expect(close(histogram.value(atPercentile: 75), 3_000))
        #expect(close(histogram.value(atPercentile: 75.1), 4_000))
        #expect(close(histogram.max, 4_000))
        #expect(histogram.count(within: 1_500...3_500) == 2)
        #expect(histogram.percentWithinOneStandardDeviation == 50)
    }

    @Test func mergingAddsCountsAndCombinesDistributions() {
        var low = LatencyHistogram()
        var high = LatencyHistogram()
        for _ in 0..<900 { low.record(microseconds: 1_000) }
        for _ in 0..<100 { high.record(microseconds: 500_000) }
        var merged = low
        merged.merge(high)
        #expect(merged.count == 1_000)
        #expect(close(merged.value(atPercentile: 90), 1_000))
        #expect(close(merged.value(atPercentile: 91), 500_000))
        #expect(close(merged.max, 500_000))
        #expect(low.count == 900)
    }

    @Test func durationsAndOutOfRangeValues() {
        var histogram = LatencyHistogram()
        histogram.record(.milliseconds(2))
        histogram.record(.seconds(90))
        histogram.record(.zero - .seconds(1))
        #expect(histogram.count == 3)
        #expect(histogram.clampedCount == 1)
        #expect(close(histogram.max, 60_000_000))
        #expect(histogram.min == 0)
        #expect(close(histogram.value(atPercentile: 50), 2_000))
    }

    @Test func emptyHistogramReportsZeros() {
        let histogram = LatencyHistogram()
        #expect(histogram.value(atPercentile: 99) == 0)
        #expect(histogram.max == 0)
        #expect(histogram.mean == 0)
    }
}
