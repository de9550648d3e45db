import Testing

@testable import OpsLabWorkload

@Suite("CapacitySearch")
struct CapacitySearchTests {
    /// A step at `rate` that is sustained exactly when `rate` is at most `capacity` (p99 jumps past the limit above).
    static func step(_ rate: Double, capacity: Double) -> CapacityStep {
        let ok = rate <= capacity
        return CapacityStep(
            targetRate: rate, achievedRate: rate, completed: Int(rate) * 10, errors: 0, p50Microseconds: 2_000,
            p99Microseconds: ok ? 20_000 : 400_000)
    }

    /// Runs a search to its end against a system with a sharp capacity; returns it.
    static func run(_ configuration: CapacitySearch.Configuration, capacity: Double) -> CapacitySearch {
        var search = CapacitySearch(configuration: configuration)
        var guardCount = 0
        while let rate = search.nextRate, guardCount < 100 {
            search.record(step(rate, capacity: capacity))
            guardCount += 1
        }
        return search
    }

    @Test func stepsUpGeometricallyUntilAFailureThenBisects() {
        var search = CapacitySearch(
            configuration: .init(startRate: 400, growthFactor: 1.5, maxRate: 4000, resolution: 0.05))
        #expect(search.nextRate == 400)
        search.record(Self.step(400, capacity: 1300))
        #expect(search.nextRate == 600)
        search.record(Self.step(600, capacity: 1300))
        #expect(search.nextRate == 900)
        search.record(Self.step(900, capacity: 1300))
        #expect(search.nextRate == 1350)
        let verdict = search.record(Self.step(1350, capacity: 1300))
        #expect(verdict == .p99TooHigh)
        #expect(search.sustainedRate == 900)
        #expect(search.failedRate == 1350)
        #expect(search.nextRate == 1125)
        #expect(search.records.map(\.rampingUp) == [true, true, true, true])
        search.record(Self.step(1125, capacity: 1300))
        #expect(search.records.last?.rampingUp == false)
        #expect(search.nextRate == 1238)
    }

    @Test func convergesWithinTheResolutionOfTheTrueCapacity() throws {
        let search = Self.run(.init(startRate: 400, growthFactor: 1.5, maxRate: 4000, resolution: 0.05), capacity: 1300)
        #expect(search.stopReason == .converged)
        let sustained = try #require(search.sustainedRate)
        let failed = try #require(search.failedRate)
        #expect(sustained <= 1300)
        #expect(failed > 1300)
        #expect(failed - sustained <= 0.05 * sustained)
        #expect(search.capacity == sustained)
        #expect(search.nextRate == nil)
        #expect(search.isFinished)
    }

    @Test func stopsAtTheMaximumRateWhenItIsSustained() {
        let search = Self.run(.init(startRate: 400, growthFactor: 2, maxRate: 1000), capacity: 5000)
        #expect(search.records.map(\.step.targetRate) == [400, 800, 1000])
        #expect(search.stopReason == .reachedMaxRate)
        #expect(search.capacity == 1000)
        #expect(search.failedRate == nil)
    }

    @Test func bisectsDownwardWhenTheStartRateFails() {
        let search = Self.run(.init(startRate: 400, resolution: 0.05, minimumRate: 10), capacity: 120)
        #expect(search.records.first?.verdict == .p99TooHigh)
        #expect(search.records[1].step.targetRate == 200)
        #expect(search.records[2].step.targetRate == 100)
        #expect(search.stopReason == .converged)
        #expect((search.capacity ?? 0) <= 120)
        #expect((search.capacity ?? 0) >= 110)
    }

    @Test func givesUpWhenNothingIsSustained() {
        let search = Self.run(.init(startRate: 400, minimumRate: 10), capacity: 0)
        #expect(search.stopReason == .nothingSustained)
        #expect(search.capacity == nil)
        #expect((search.failedRate ?? 0) <= 10)
    }

    @Test func stopsAtTheStepLimit() {
        let search = Self.run(.init(startRate: 100, growthFactor: 1.1, maxRate: 100_000, maxSteps: 3), capacity: 1e9)
        #expect(search.records.count == 3)
        #expect(search.stopReason == .stepLimit)
        #expect(search.capacity == 121)
    }

    @Test func aFailureIsRetriedBeforeItCounts() {
        var search = CapacitySearch(
            configuration: .init(startRate: 400, growthFactor: 2, maxRate: 4000, failureRetries: 1))
        search.record(Self.step(400, capacity: 1000))
        #expect(search.record(Self.step(800, capacity: 0)) == .p99TooHigh)
        #expect(search.failedRate == nil)
        #expect(search.nextRate == 800)
        search.record(Self.step(800, capacity: 1000))
        #expect(search.sustainedRate == 800)
        #expect(search.nextRate == 1600)
        search.record(Self.step(1600, capacity: 1000))
        #expect(search.nextRate == 1600)
        search.record(Self.step(1600, capacity: 1000))
        #expect(search.failedRate == 1600)
        #expect(search.nextRate == 1200)
    }

    @Test func retriesConvergeOnTheSameCapacityAsWithout() throws {
        let configuration = CapacitySearch.Configuration(
            startRate: 400, growthFactor: 1.5, maxRate: 4000, resolution: 0.05, maxSteps: 30, failureRetries: 1)
        let search = Self.run(configuration, capacity: 1300)
        let plain = Self.run(.init(startRate: 400, growthFactor: 1.5, maxRate: 4000, resolution: 0.05), capacity: 1300)
        #expect(search.stopReason == .converged)
        #expect(search.capacity == plain.capacity)
        #expect(search.records.count == plain.records.count + plain.records.filter { !$0.verdict.isSustained }.count)
    }

    @Test func aNoisyFailureBelowASustainedRateLowersTheCapacity() {
        var search = CapacitySearch(configuration: .init(startRate: 400, growthFactor: 2, maxRate: 4000))
        search.record(Self.step(400, capacity: 1000))
        search.record(Self.step(800, capacity: 1000))
        search.record(Self.step(600, capacity: 0))
        #expect(search.failedRate == 600)
        #expect(search.sustainedRate == 400)
        #expect(search.nextRate == 500)
    }
}

@Suite("CapacityCriteria")
struct CapacityCriteriaTests {
    static func step(
        achieved: Double = 1000, errors: Int = 0, p99: UInt64 = 50_000, completed: Int = 10_000
    )
        -> CapacityStep
    {
        CapacityStep(
            targetRate: 1000, achievedRate: achieved, completed: completed, errors: errors, p50Microseconds: 1_000,
            p99Microseconds: p99)
    }

    @Test func p99MustStayStrictlyBelowTheLimit() {
        let criteria = CapacityCriteria(p99LimitMicroseconds: 100_000)
        #expect(criteria.verdict(Self.step(p99: 99_999)) == .sustained)
        #expect(criteria.verdict(Self.step(p99: 100_000)) == .p99TooHigh)
        #expect(criteria.verdict(Self.step(p99: 2_000_000)) == .p99TooHigh)
    }

    @Test func theTargetRateMustBeReached() {
        let criteria = CapacityCriteria(minimumAchievedFraction: 0.95)
        #expect(criteria.verdict(Self.step(achieved: 951)) == .sustained)
        #expect(criteria.verdict(Self.step(achieved: 900)) == .rateNotReached)
        #expect(criteria.verdict(Self.step(completed: 0)) == .rateNotReached)
    }

    @Test func errorsMustStayRare() {
        let criteria = CapacityCriteria(maximumErrorFraction: 0.01)
        #expect(criteria.verdict(Self.step(errors: 50)) == .sustained)
        #expect(criteria.verdict(Self.step(errors: 500)) == .tooManyErrors)
        #expect(Self.step(errors: 0).errorFraction == 0)
        #expect(abs(Self.step(errors: 10_000).errorFraction - 0.5) < 1e-9)
    }
}

@Suite("CapacityComparison")
struct CapacityComparisonTests {
    @Test func ratioAndBracketBounds() {
        let comparison = CapacityComparison(
            candidate: 1100, candidateFailed: 1150, baseline: 1200, baselineFailed: 1250)
        #expect(abs((comparison.ratio ?? 0) - 1100.0 / 1200.0) < 1e-12)
        #expect(abs((comparison.lowerBound ?? 0) - 1100.0 / 1250.0) < 1e-12)
        #expect(abs((comparison.upperBound ?? 0) - 1150.0 / 1200.0) < 1e-12)
        #expect(comparison.meets(0.9))
        #expect(!comparison.meets(0.95))
    }

    @Test func noRatioWhenEitherSustainedNothing() {
        let comparison = CapacityComparison(candidate: nil, candidateFailed: 10, baseline: 1200, baselineFailed: nil)
        #expect(comparison.ratio == nil)
        #expect(comparison.lowerBound == nil)
        #expect(comparison.upperBound == 10.0 / 1200.0)
        #expect(!comparison.meets(0))
    }

    @Test func buildsFromSearches() {
        var on = CapacitySearch(configuration: .init(startRate: 100, growthFactor: 2, maxRate: 400))
        var off = CapacitySearch(configuration: .init(startRate: 100, growthFactor: 2, maxRate: 400))
        for rate in [100.0, 200, 400] {
            on.record(CapacitySearchTests.step(rate, capacity: 200))
            off.record(CapacitySearchTests.step(rate, capacity: 400))
        }
        let comparison = CapacityComparison(candidate: on, baseline: off)
        #expect(comparison.candidate == 200)
        #expect(comparison.candidateFailed == 400)
        #expect(comparison.baseline == 400)
        #expect(comparison.ratio == 0.5)
    }
}
