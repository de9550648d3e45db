import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabFaults

/// One problem: an application, a task, a fault to inject and the workload that makes it visible.
///
/// The fault is a fresh value per definition (faults keep a memory of the state they changed), so take a
/// definition from ``ProblemRegistry`` for every episode rather than sharing one.
public struct ProblemDefinition: Sendable {
    /// The AIOpsLab-style id, e.g. `revoke_auth_mongodb-mitigation-1`.
    public var id: ProblemID
    /// The application under test.
    public var app: AppDefinition
    /// The task the agent is given.
    public var task: TaskKind
    /// The fault injected before the agent starts (``NoopFault`` for the no-fault control).
    public var fault: any Fault

    /// Creates a definition.
    ///
    /// The workload (rate, warm-up, wait after injection) comes from ``WorkloadPolicyTable`` by fault family.
    public init(id: ProblemID, app: AppDefinition, task: TaskKind, fault: any Fault) {
        self.id = id
        self.app = app
        self.task = task
        self.fault = fault
    }

    /// The id as text.
    public var idText: String { id.description }

    /// The answer key of the problem: the fault's ground truth.
    public func groundTruth() -> GroundTruth {
        fault.groundTruth()
    }

    /// The actions available to the agent: `exec_shell`, `get_logs`, the telemetry actions and the task's `submit`.
    public var actions: ActionCatalog {
        .standard(for: task, namespace: app.namespace)
    }

    /// Whether this is a no-fault control problem.
    public var isNoFault: Bool { id.isNoFault }
}
