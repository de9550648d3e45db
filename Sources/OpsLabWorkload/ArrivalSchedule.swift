import Foundation

/// The intended send times of one worker, as offsets in nanoseconds from the run's start.
///
/// A run of `workers` workers at a total `rate` gives each worker its own schedule: with
/// ``InterArrivalDistribution/fixed`` worker `w` takes the global sends `w, w + workers, w + 2·workers, …` of an
/// evenly spaced sequence (so the union is evenly spaced and its count is exact); with
/// ``InterArrivalDistribution/exponential`` each worker is an independent Poisson process at `rate / workers` (their
/// union is a Poisson process at `rate`). The schedule is a value: it never looks at a clock, so tests can check it
/// without I/O.
public struct ArrivalSchedule: Sendable {
    /// The distribution of the gaps.
    public let distribution: InterArrivalDistribution
    /// The total rate of all workers, in requests per second.
    public let rate: Double
    /// How many workers share the rate.
    public let workers: Int
    /// This worker's index in `0..<workers`.
    public let worker: Int
    /// The offset of the next intended send, in nanoseconds from the start.
    public private(set) var nextOffset: Int64
    /// How many sends have been taken from the schedule.
    public private(set) var taken: Int = 0
    var generator: SeededGenerator

    /// Creates the schedule of worker `worker` of `workers`, drawing exponential gaps from `seed`.
    public init(distribution: InterArrivalDistribution, rate: Double, workers: Int = 1, worker: Int = 0, seed: UInt64) {
        precondition(rate > 0 && workers > 0 && (0..<workers).contains(worker))
        self.distribution = distribution
        self.rate = rate
        self.workers = workers
        self.worker = worker
        self.generator = SeededGenerator(seed: seed, stream: 0x5C4E_D000 + UInt64(worker))
        self.nextOffset = 0
        self.nextOffset = offset(ofSend: 0, previous: 0)
    }

    /// Consumes the next intended send and returns its offset in nanoseconds.
    @discardableResult
    public mutating func advance() -> Int64 {
        let current = nextOffset
        taken += 1
        nextOffset = offset(ofSend: taken, previous: current)
        return current
    }

    /// Consumes every remaining send whose offset is before `limit` and returns how many there were.
    public mutating func drain(before limit: Int64) -> Int {
        guard nextOffset < limit else { return 0 }
        if distribution == .fixed {
            // Closed form (a run far above the achievable rate leaves millions unsent): estimate the first send at or
            // after the limit, then correct the estimate by single steps.
            let estimate = ((Double(limit) * rate / 1e9 - Double(worker)) / Double(workers)).rounded(.up)
            var first = Swift.max(taken, Int(Swift.min(estimate, 9e15)))
            while offset(ofSend: first, previous: 0) < limit { first += 1 }
            while first > taken && offset(ofSend: first - 1, previous: 0) >= limit { first -= 1 }
            let count = first - taken
            taken = first
            nextOffset = offset(ofSend: first, previous: 0)
            return count
        }
        var count = 0
        while nextOffset < limit {
            advance()
            count += 1
        }
        return count
    }

    private mutating func offset(ofSend index: Int, previous: Int64) -> Int64 {
        switch distribution {
        case .fixed:
            let global = Double(worker) + Double(workers) * Double(index)
            return Int64((global * 1e9 / rate).rounded(.down))
        case .exponential:
            let uniform = generator.nextUnitInterval()
            let gap = -log1p(-uniform) / (rate / Double(workers))
            return previous + Int64((gap * 1e9).rounded())
        }
    }
}
