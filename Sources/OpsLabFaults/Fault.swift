import Foundation
import OpsLabCore
import OpsLabKube

/// A fault injector: an operation on the live system, its undo, its answer key and its mitigation oracle.
///
/// Faults act only through the Kubernetes API (and `kubectl exec` into pods), so the same fault drives the
/// embedded cluster and a real one. `inject` and `recover` are idempotent enough to be run again after a
/// failure; `recover` works even when `inject` ran in another process (it falls back to the app's known
/// defaults when it has no record of the original state).
public protocol Fault: Sendable {
    /// An internal name for logs and results (never shown to an agent), e.g. `revoke_auth_mongodb/geo`.
    var name: String { get }
    /// Injects the fault into the namespace of `env`.
    func inject(_ env: FaultEnvironment) async throws
    /// Undoes the fault, restoring the objects `inject` changed.
    func recover(_ env: FaultEnvironment) async throws
    /// What is really wrong while the fault is active: faulty components (with aliases), system level and
    /// fault type from AIOpsLab's vocabularies.
    func groundTruth() -> GroundTruth
    /// Judges the live state: is the fault mitigated? Combines ``AppHealth`` with a fault-specific check.
    func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict
}

extension Fault {
    /// Polls ``mitigated(_:)`` until it says success or `timeout` passes; returns the last verdict.
    public func waitUntilMitigated(
        _ env: FaultEnvironment, timeout: Duration, poll: Duration = .milliseconds(250)
    ) async throws -> MitigationVerdict {
        let deadline = ContinuousClock.now + timeout
        while true {
            let verdict = try await mitigated(env)
            if verdict.success || ContinuousClock.now >= deadline { return verdict }
            try await Task.sleep(for: poll)
        }
    }
}
