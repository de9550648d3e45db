import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabFaults

/// Everything a session needs about one problem: the app, the task, the fault and what the agent is told.
///
/// Built by a ``SessionProblemResolver``; the default, ``SessionProblem/registry(_:)``, reads ``ProblemRegistry``.
/// Tests may resolve ids to hand-made problems instead.
public struct SessionProblem: Sendable {
    /// The problem id (never shown to the agent).
    public var id: String
    /// The application under test.
    public var app: AppDefinition
    /// The task kind.
    public var task: TaskKind
    /// The fault to inject (never named to the agent).
    public var fault: any Fault
    /// The answer key.
    public var groundTruth: GroundTruth
    /// The task description (role and service details).
    public var description: String
    /// The answer-format instructions.
    public var instructions: String
    /// The actions the agent may call.
    public var actions: ActionCatalog
    /// The first message the agent receives (description, action listing, instructions).
    public var prompt: String

    /// Creates a problem; `prompt` defaults to the description, the instructions and the action listing.
    public init(
        id: String, app: AppDefinition, task: TaskKind, fault: any Fault, groundTruth: GroundTruth,
        description: String, instructions: String, actions: ActionCatalog, prompt: String? = nil
    ) {
        self.id = id
        self.app = app
        self.task = task
        self.fault = fault
        self.groundTruth = groundTruth
        self.description = description
        self.instructions = instructions
        self.actions = actions
        self.prompt = prompt ?? "\(description)\n\nAvailable actions:\n\n\(actions.listing)\n\n\(instructions)"
    }
}
