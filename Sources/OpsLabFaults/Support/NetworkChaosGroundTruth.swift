import Foundation
import OpsLabCore
import OpsLabKube

/// The answer key and mitigation check shared by the NetworkChaos faults.
public enum NetworkChaosGroundTruth {
    /// `<svc>`, Virtualization, Network/Storage Issue.
    ///
    /// Chaos Mesh injects netem into the target pod's network interface — the container network the
    /// orchestration layer provides, not the application, its data or the host's hardware — and the fault is the
    /// network misbehaving (late or lost packets), which is what AIOpsLab's "Network/Storage Issue" names.
    public static func groundTruth(service: String) -> GroundTruth {
        GroundTruth(faultyComponents: [service], systemLevel: .virtualization, faultType: .networkStorageIssue)
    }

    /// All healthy, and `experiment` absent or no longer injected. (The registry has no mitigation task for these
    /// faults, as AIOpsLab has none.)
    public static func mitigated(
        _ env: FaultEnvironment, experiment: NetworkChaosExperiment
    ) async throws -> MitigationVerdict {
        let health = try await AppHealth.check(env)
        let reasons = try await experiment.stillInjected(env).map { [$0] } ?? []
        return health.combined(with: MitigationVerdict(reasons: reasons))
    }
}
