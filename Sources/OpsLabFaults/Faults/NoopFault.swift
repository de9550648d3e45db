import Foundation
import OpsLabCore

/// The no-fault control: injects nothing; detection expects "No".
public struct NoopFault: Fault {
    /// `noop`.
    public var name: String { "noop" }

    /// Creates the control.
    public init() {}

    /// Does nothing.
    public func inject(_ env: FaultEnvironment) async throws {}

    /// Does nothing.
    public func recover(_ env: FaultEnvironment) async throws {}

    /// ``GroundTruth/noFault``.
    public func groundTruth() -> GroundTruth { .noFault }

    /// The generic health check alone.
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        try await AppHealth.check(env)
    }
}
