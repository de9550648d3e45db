import Foundation
import OpsLabCore
import OpsLabKube

/// A fault that is one NetworkChaos experiment on a service's pod: inject applies it, recover deletes it, and
/// the ground truth and mitigation check are those of ``NetworkChaosGroundTruth``.
public protocol NetworkChaosFault: Fault {
    /// The `io.kompose.service` label of the target, e.g. `user`.
    var service: String { get }
    /// The experiment.
    var experiment: NetworkChaosExperiment { get }
}

extension NetworkChaosFault {
    /// Applies the NetworkChaos and waits until it is injected.
    public func inject(_ env: FaultEnvironment) async throws {
        try await experiment.apply(env)
    }

    /// Deletes the NetworkChaos and waits until it is gone (every record recovered).
    public func recover(_ env: FaultEnvironment) async throws {
        try await experiment.delete(env)
    }

    /// `<svc>`, Virtualization, Network/Storage Issue: see ``NetworkChaosGroundTruth``.
    public func groundTruth() -> GroundTruth { NetworkChaosGroundTruth.groundTruth(service: service) }

    /// All healthy, and the experiment no longer injected.
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        try await NetworkChaosGroundTruth.mitigated(env, experiment: experiment)
    }
}
