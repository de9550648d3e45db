import Foundation

/// An agent under evaluation: given the environment's latest message, it answers with one action.
///
/// The first state is the task prompt (description, instructions, the available actions); later states are the
/// last observation followed by `Please take the next action`, as in AIOpsLab.
///
/// An agent that knows its model's real token usage implements ``respond(to:)`` and returns it with the text; the
/// evaluator then reports those counts (`tokens_estimated: false`) when every turn carried them, and estimates
/// (~4 characters per token, labelled `tokens_estimated: true`) otherwise. Agents that implement only
/// ``getAction(_:)`` keep working unchanged.
public protocol Agent: Sendable {
    /// The agent's next response: text holding one action in a fenced block (e.g. ```` ```\nsubmit()\n``` ````).
    func getAction(_ state: String) async throws -> String

    /// The agent's next response with the token usage of the model call behind it, when the agent knows it.
    ///
    /// The orchestrator calls this, not ``getAction(_:)``. The default implementation calls ``getAction(_:)`` and
    /// reports no usage.
    func respond(to state: String) async throws -> AgentResponse
}

extension Agent {
    /// Calls ``getAction(_:)`` and reports no token usage.
    public func respond(to state: String) async throws -> AgentResponse {
        AgentResponse(text: try await getAction(state))
    }
}

/// One agent turn: the response text and, when known, the tokens its model call consumed.
public struct AgentResponse: Sendable, Hashable {
    /// The response text, exactly as the agent wrote it.
    public var text: String
    /// The reported token usage of this turn, or `nil` when the agent does not know it.
    public var usage: ReportedTokenUsage?

    /// Creates a response.
    public init(text: String, usage: ReportedTokenUsage? = nil) {
        self.text = text
        self.usage = usage
    }
}

/// Token counts of one model call as the model provider reported them (prompt and completion tokens).
public struct ReportedTokenUsage: Sendable, Hashable {
    /// Tokens the model read (the prompt, including any history the agent resent).
    public var input: Int
    /// Tokens the model wrote.
    public var output: Int

    /// Creates a usage; negative counts are clamped to zero.
    public init(input: Int, output: Int) {
        self.input = max(0, input)
        self.output = max(0, output)
    }
}
