import ArgumentParser
import Foundation
import OpsLabOrchestrator

/// The workload flags shared by `opslab run` and `opslab shell`: they override the per-problem policy.
struct WorkloadOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Background workload rate in requests per second (0: none). Default: the problem's (10, or 100 for "
                + "container_kill). Env: OPSLAB_WORKLOAD_RATE.", valueName: "req/s"))
    var workloadRate: Double?

    @Option(
        help: ArgumentHelp(
            "Longest wait after the injection before the agent starts, in seconds (0: none). The wait ends as soon "
                + "as the problem's symptom is visible (e.g. a crash loop). Env: OPSLAB_WAIT_AFTER_INJECTION.",
            valueName: "seconds"))
    var waitAfterInjection: Double?

    @Option(
        help: ArgumentHelp(
            "Seconds the workload runs before the injection. Default 1. Env: OPSLAB_WARM_UP.", valueName: "seconds"))
    var warmUp: Double?

    func validate() throws {
        for (name, value) in [
            ("--workload-rate", resolvedRate), ("--wait-after-injection", resolvedWait), ("--warm-up", resolvedWarmUp),
        ] {
            if let value, !(value >= 0 && value.isFinite) {
                throw ValidationError("\(name) must be a non-negative number")
            }
        }
    }

    /// The overrides the flags (or their environment variables) ask for.
    var overrides: WorkloadPolicyOverrides {
        WorkloadPolicyOverrides(
            rate: resolvedRate, warmUp: resolvedWarmUp.map(Self.duration),
            waitAfterInjection: resolvedWait.map(Self.duration))
    }

    private var resolvedRate: Double? { workloadRate ?? Self.environment("OPSLAB_WORKLOAD_RATE") }
    private var resolvedWait: Double? { waitAfterInjection ?? Self.environment("OPSLAB_WAIT_AFTER_INJECTION") }
    private var resolvedWarmUp: Double? { warmUp ?? Self.environment("OPSLAB_WARM_UP") }

    private static func environment(_ name: String) -> Double? {
        ProcessInfo.processInfo.environment[name].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    private static func duration(_ seconds: Double) -> Duration {
        .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
