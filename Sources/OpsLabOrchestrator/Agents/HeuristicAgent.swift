import Foundation
import Logging

/// A baseline agent without a model: reads the task kind and namespace from the prompt, investigates with
/// kubectl and logs through the ACI, answers from a small rule table and applies only fixes its evidence
/// justifies (see ``HeuristicAgentPlanner``).
///
/// It is the floor other agents are compared against: it knows nothing but what the orchestrator sends it.
public actor HeuristicAgent: Agent {
    /// The investigation, once the first prompt has been read.
    public private(set) var planner: HeuristicAgentPlanner?
    private let maxSteps: Int
    private let settleDelay: Duration
    private let logger = Logger(label: "opslab.agent.heuristic")

    /// Creates an agent that takes at most `maxSteps` actions and, when it sees a failure it cannot explain
    /// yet, waits `settleDelay` once before looking again (as a person would).
    public init(maxSteps: Int = 20, settleDelay: Duration = .seconds(6)) {
        self.maxSteps = maxSteps
        self.settleDelay = settleDelay
    }

    /// The next action: the first state is the task prompt, later ones an observation.
    public func getAction(_ state: String) async throws -> String {
        if var current = planner {
            let action = current.next(observation: Self.observation(in: state))
            planner = current
            if current.pauseRequested, settleDelay > .zero {
                logger.debug("heuristic agent waits for the system to settle")
                try await Task.sleep(for: settleDelay)
            }
            return action
        }
        guard let task = HeuristicAgentTask(prompt: state) else { throw HeuristicAgentError.unreadablePrompt }
        logger.debug("heuristic agent task", metadata: ["kind": "\(task.kind)", "namespace": "\(task.namespace)"])
        var fresh = HeuristicAgentPlanner(task: task, maxSteps: maxSteps)
        let action = fresh.next(observation: nil)
        planner = fresh
        return action
    }

    /// The observation in a state: the text before the trailing "Please take the next action".
    public static func observation(in state: String) -> String {
        var text = state
        if let range = text.range(of: Orchestrator.nextActionPrompt, options: .backwards) {
            text = String(text[..<range.lowerBound])
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Why the heuristic agent could not act.
public enum HeuristicAgentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first prompt names no task kind or no namespace.
    case unreadablePrompt

    /// A one-line explanation.
    public var description: String { "the heuristic agent found no task kind or namespace in the prompt" }
}
