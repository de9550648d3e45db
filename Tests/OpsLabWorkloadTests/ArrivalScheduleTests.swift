import Testing

@testable import OpsLabWorkload

@Suite("ArrivalSchedule")
struct ArrivalScheduleTests {
    @Test func fixedSchedulesInterleaveWorkersAndCountExactly() {
        var schedules = (0..<3).map {
            ArrivalSchedule(distribution: .fixed, rate: 200, workers: 3, worker: $0, seed: 1)
        }
        var offsets: [Int64] = []
        for index in schedules.indices {
            while schedules[index].nextOffset < 3_000_000_000 { offsets.append(schedules[index].advance()) }
        }
        #expect(offsets.count == 600)
        #expect(offsets.sorted() == (0..<600).map { Int64($0) * 5_000_000 })
    }

    @Test func closedFormDrainMatchesStepping() {
        for (rate, workers, worker) in [(200.0, 2, 1), (333.3, 3, 2), (1_000_000.0, 2, 0), (7.0, 1, 0)] {
            var stepped = ArrivalSchedule(distribution: .fixed, rate: rate, workers: workers, worker: worker, seed: 9)
            var drained = stepped
            for _ in 0..<5 {
                stepped.advance()
                drained.advance()
            }
            var count = 0
            while stepped.nextOffset < 2_345_678_901 {
                stepped.advance()
                count += 1
            }
            #expect(drained.drain(before: 2_345_678_901) == count)
            #expect(drained.nextOffset == stepped.nextOffset)
            #expect(drained.taken == stepped.taken)
        }
    }

    @Test func exponentialGapsHaveTheRightMeanAndAreSeeded() {
        var schedule = ArrivalSchedule(distribution: .exponential, rate: 1_000, workers: 2, worker: 1, seed: 42)
        var again = ArrivalSchedule(distribution: .exponential, rate: 1_000, workers: 2, worker: 1, seed: 42)
        var other = ArrivalSchedule(distribution: .exponential, rate: 1_000, workers: 2, worker: 1, seed: 43)
        var previous: Int64 = 0
        var gaps: [Double] = []
        for _ in 0..<50_000 {
            let offset = schedule.advance()
            gaps.append(Double(offset - previous))
            previous = offset
        }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        // Each of 2 workers runs at 500/s: mean gap 2 ms; the standard error over 50k gaps is ~0.45 %.
        #expect(abs(mean - 2_000_000) < 2_000_000 * 0.02)
        let variance = gaps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(gaps.count)
        #expect(abs(variance.squareRoot() - mean) < mean * 0.03)  // exponential: stdev = mean
        let fromSeed42 = (0..<10).map { _ in again.advance() }
        let fromSeed43 = (0..<10).map { _ in other.advance() }
        #expect(fromSeed42 != fromSeed43)
        var replay = ArrivalSchedule(distribution: .exponential, rate: 1_000, workers: 2, worker: 1, seed: 42)
        let first = (0..<10).map { _ in replay.advance() }
        var fresh = ArrivalSchedule(distribution: .exponential, rate: 1_000, workers: 2, worker: 1, seed: 42)
        #expect((0..<10).map { _ in fresh.advance() } == first)
    }
}
