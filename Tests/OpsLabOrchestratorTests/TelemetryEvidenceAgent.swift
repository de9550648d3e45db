import Foundation
import OpsLabOrchestrator

/// A scripted agent that investigates like an operator, through the agent actions only: each step may read the
/// observations so far (to use the frontend's address or the trace file a previous action named) and may pause
/// first, as an agent thinking would, so the scraper gets to run.
///
/// It records every action with the observation the orchestrator sent back for it.
actor TelemetryEvidenceAgent: Agent {
    /// One turn: how long to pause before answering, and the action given the observations so far.
    struct Step: Sendable {
        /// The pause before the action.
        var pause: Duration
        /// The action text (without fences), built from the observations of the earlier steps.
        var action: @Sendable ([String]) -> String
        /// When set, the action is sent again (after `retryPause`) while its observation fails this test, at
        /// most `attempts` times in all.
        var until: (@Sendable (String) -> Bool)?
        /// How often the action may be sent when ``until`` is set.
        var attempts = 1
        /// The pause before sending the action again.
        var retryPause: Duration = .seconds(1)

        /// A step that always sends `action`.
        init(_ action: String, pause: Duration = .zero) {
            self.pause = pause
            self.action = { _ in action }
        }

        /// A step whose action depends on earlier observations.
        init(pause: Duration = .zero, _ action: @escaping @Sendable ([String]) -> String) {
            self.pause = pause
            self.action = action
        }
    }

    private var steps: [Step]
    private var current: (step: Step, action: String, sent: Int)?
    private var sent: [String] = []
    private var observations: [String] = []
    private var turns = 0

    /// Creates the agent with its plan.
    init(steps: [Step]) {
        self.steps = steps
    }

    /// Every action sent with its observation (the last one, `submit`, has none).
    var transcript: [(action: String, observation: String?)] {
        sent.enumerated().map { index, action in (action, index < observations.count ? observations[index] : nil) }
    }

    func getAction(_ state: String) async throws -> String {
        if turns > 0 { observations.append(Self.observation(from: state)) }
        turns += 1
        if let (step, action, count) = current, let until = step.until, count < step.attempts,
            let last = observations.last, !until(last)
        {
            try await Task.sleep(for: step.retryPause)
            current = (step, action, count + 1)
            sent.append(action)
            return "```\n\(action)\n```"
        }
        guard !steps.isEmpty else { throw ReplayAgentError.exhausted }
        let step = steps.removeFirst()
        if step.pause > .zero { try await Task.sleep(for: step.pause) }
        let action = step.action(observations)
        current = (step, action, 1)
        sent.append(action)
        return "```\n\(action)\n```"
    }

    /// The observation part of a state: the text before the orchestrator's closing prompt.
    static func observation(from state: String) -> String {
        let suffix = "\n" + Orchestrator.nextActionPrompt
        return state.hasSuffix(suffix) ? String(state.dropLast(suffix.count)) : state
    }
}
