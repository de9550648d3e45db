/// The search for a system's capacity: the highest open-loop rate it sustains (see ``CapacityCriteria``).
///
/// It steps the rate up geometrically from ``Configuration/startRate`` until a step is not sustained (or the
/// maximum rate is sustained), then bisects between the highest sustained and the lowest failed rate until they
/// are within ``Configuration/resolution`` of each other. If even the start rate fails it bisects down toward
/// zero and gives up below ``Configuration/minimumRate``. With ``Configuration/failureRetries`` a failed rate is
/// run again before the failure counts. A value without I/O: the caller runs each step at
/// ``nextRate`` and hands the measurement to ``record(_:)``; rates are whole requests per second.
public struct CapacitySearch: Sendable {
    /// The search's knobs.
    public struct Configuration: Sendable, Hashable, Codable {
        /// The first rate tried.
        public var startRate: Double
        /// The factor between consecutive rates while stepping up (above 1).
        public var growthFactor: Double
        /// The highest rate tried; sustaining it ends the search.
        public var maxRate: Double
        /// Bisection stops when the failed rate is within this fraction above the sustained one.
        public var resolution: Double
        /// When nothing is sustained, the search gives up once the failed rate is at or below this.
        public var minimumRate: Double
        /// The most steps; the search stops there with what it has.
        public var maxSteps: Int
        /// How often a failed rate is tried again before the failure counts: a pass on a retry counts as
        /// sustained, so one burst of other work on the machine does not cap the search (0: no retries).
        public var failureRetries: Int

        /// Creates a configuration; values are clamped to sensible ranges.
        public init(
            startRate: Double = 400, growthFactor: Double = 1.5, maxRate: Double = 4000, resolution: Double = 0.05,
            minimumRate: Double = 10, maxSteps: Int = 14, failureRetries: Int = 0
        ) {
            self.maxRate = max(1, maxRate.rounded())
            self.startRate = min(self.maxRate, max(1, startRate.rounded()))
            self.growthFactor = max(1.05, growthFactor)
            self.resolution = max(0.001, resolution)
            self.minimumRate = max(1, minimumRate)
            self.maxSteps = max(1, maxSteps)
            self.failureRetries = max(0, failureRetries)
        }
    }

    /// Why the search ended.
    public enum StopReason: String, Sendable, Hashable, Codable {
        /// The highest sustained and lowest failed rates are within the resolution.
        case converged
        /// The maximum rate was sustained: the capacity is at least that.
        case reachedMaxRate = "reached-max-rate"
        /// Nothing was sustained down to the minimum rate.
        case nothingSustained = "nothing-sustained"
        /// The step limit was reached first.
        case stepLimit = "step-limit"
    }

    /// One recorded step and its verdict.
    public struct Record: Sendable, Hashable, Codable {
        /// The measurement.
        public var step: CapacityStep
        /// The verdict of the criteria on it.
        public var verdict: CapacityVerdict
        /// Whether the search was stepping up (`false`: bisecting) when it chose this rate.
        public var rampingUp: Bool
    }

    /// The knobs.
    public let configuration: Configuration
    /// What counts as sustained.
    public let criteria: CapacityCriteria
    /// Every step recorded, in order.
    public private(set) var records: [Record] = []
    /// The highest sustained rate so far: the capacity found (nil while nothing was sustained).
    public private(set) var sustainedRate: Double?
    /// The lowest rate that was not sustained (nil while stepping up).
    public private(set) var failedRate: Double?
    /// The rate of the next step, or nil when the search is over.
    public private(set) var nextRate: Double?
    /// Why the search is over (nil while it runs).
    public private(set) var stopReason: StopReason?

    /// A search that has not run a step yet; its ``nextRate`` is the start rate.
    public init(configuration: Configuration = Configuration(), criteria: CapacityCriteria = CapacityCriteria()) {
        self.configuration = configuration
        self.criteria = criteria
        self.nextRate = configuration.startRate
    }

    /// Whether the search is over.
    public var isFinished: Bool { stopReason != nil }

    /// The capacity found: the highest sustained rate (nil when nothing was sustained).
    public var capacity: Double? { sustainedRate }

    /// Records a measured step (normally run at ``nextRate``), returns its verdict and chooses the next rate.
    @discardableResult
    public mutating func record(_ step: CapacityStep) -> CapacityVerdict {
        let verdict = criteria.verdict(step)
        let rate = step.targetRate
        records.append(Record(step: step, verdict: verdict, rampingUp: failedRate == nil))
        if verdict.isSustained {
            sustainedRate = max(sustainedRate ?? 0, rate)
        } else if records.count < configuration.maxSteps,
            records.filter({ $0.step.targetRate == rate && !$0.verdict.isSustained }).count
                <= configuration.failureRetries
        {
            nextRate = rate
            return verdict
        } else {
            failedRate = min(failedRate ?? .infinity, rate)
        }
        // A noisy failure below a sustained rate: the failure wins (the capacity must hold at every rate below it).
        if let failed = failedRate, let sustained = sustainedRate, sustained >= failed {
            sustainedRate = records.filter { $0.verdict.isSustained && $0.step.targetRate < failed }
                .map(\.step.targetRate).max()
        }
        chooseNext()
        return verdict
    }

    private mutating func chooseNext() {
        nextRate = nil
        guard let failed = failedRate else {
            let sustained = sustainedRate ?? configuration.startRate
            if sustained >= configuration.maxRate {
                stopReason = .reachedMaxRate
            } else if records.count >= configuration.maxSteps {
                stopReason = .stepLimit
            } else {
                nextRate = min(configuration.maxRate, (sustained * configuration.growthFactor).rounded())
            }
            return
        }
        let lower = sustainedRate ?? 0
        if lower == 0, failed <= configuration.minimumRate {
            stopReason = .nothingSustained
            return
        }
        let midpoint = ((lower + failed) / 2).rounded()
        if lower > 0,
            failed - lower <= max(1, configuration.resolution * lower) || midpoint <= lower
                || midpoint >= failed
        {
            stopReason = .converged
            return
        }
        if records.count >= configuration.maxSteps {
            stopReason = .stepLimit
            return
        }
        nextRate = lower == 0 ? max(1, midpoint) : midpoint
    }
}
