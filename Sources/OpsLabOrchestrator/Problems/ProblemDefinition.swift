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
    /// The workload's request rate (requests per second) while the problem runs.
    public var workloadRate: Double
    /// How long the workload runs.
    public var workloadDuration: Duration

    /// The default workload rate, as the original's typical wrk2 run (10 req/s).
    public static let defaultWorkloadRate: Double = 10
    /// The default workload duration (10 s).
    public static let defaultWorkloadDuration: Duration = .seconds(10)

    /// Creates a definition.
    public init(
        id: ProblemID, app: AppDefinition, task: TaskKind, fault: any Fault,
        workloadRate: Double = ProblemDefinition.defaultWorkloadRate,
        workloadDuration: Duration = ProblemDefinition.defaultWorkloadDuration
    ) {
        self.id = id
        self.app = app
        self.task = task
        self.fault = fault
        self.workloadRate = workloadRate
        self.workloadDuration = workloadDuration
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
