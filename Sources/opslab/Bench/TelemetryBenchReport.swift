import OpsLabWorkload

/// The outcome of `opslab bench telemetry`: every step, each configuration's capacity and the ratio (`--json`
/// prints it as is).
struct TelemetryBenchReport: Sendable, Codable {
    /// The knobs the run used.
    struct Settings: Sendable, Codable {
        var build: String
        var durationPerStepSeconds: Double
        var warmUpSeconds: Double
        var connections: Int
        var threads: Int
        var scrapeIntervalSeconds: Double
        var p99LimitMs: Double
        var minimumAchievedFraction: Double
        var maximumErrorFraction: Double
        var startRate: Double
        var maxRate: Double
        var growthFactor: Double
        var resolution: Double
        var maxStepsPerConfiguration: Int
        var failureRetries: Int
        var seed: UInt64
    }

    /// One configuration's search result.
    struct Configuration: Sendable, Codable {
        var mode: TelemetryBenchMode
        var description: String
        /// The highest sustained rate (req/s); nil when nothing was sustained.
        var capacity: Double?
        /// The lowest rate not sustained; nil when every step was.
        var failedRate: Double?
        var stopReason: CapacitySearch.StopReason?
        var steps: Int
    }

    /// One measured step.
    struct Step: Sendable, Codable {
        var round: Int
        var mode: TelemetryBenchMode
        var targetRate: Double
        var achievedRate: Double
        var completed: Int
        var errors: Int
        var p50Ms: Double
        var p99Ms: Double
        var verdict: CapacityVerdict
        var rampingUp: Bool
        var setupSeconds: Double
        /// What the stack did during the measured window (nil without a stack).
        var telemetry: TelemetryBenchWork?
        /// CPU spent during the measured window.
        var cpu: TelemetryBenchCPU
    }

    var settings: Settings
    /// The configuration whose cost is measured (telemetry on).
    var candidate: Configuration
    /// The configuration it is compared with (telemetry off).
    var baseline: Configuration
    /// candidate / baseline capacity.
    var ratio: Double?
    /// The lowest and highest ratio the search brackets allow.
    var ratioLowerBound: Double?
    var ratioUpperBound: Double?
    var goal: Double
    var meetsGoal: Bool
    var steps: [Step]
    var notes: [String]
    /// Wall time of the whole run.
    var elapsedSeconds: Double

    /// The candidate's steps at its capacity (the highest sustained rate), for the telemetry's own work.
    var candidateStepAtCapacity: Step? {
        steps.last { $0.mode == candidate.mode && $0.targetRate == candidate.capacity && $0.verdict == .sustained }
    }
}
