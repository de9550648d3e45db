import Foundation

/// An agent under evaluation: given the environment's latest message, it answers with one action.
///
/// The first state is the task prompt (description, instructions, the available actions); later states are the
/// last observation followed by `Please take the next action`, as in AIOpsLab.
public protocol Agent: Sendable {
    /// The agent's next response: text holding one action in a fenced block (e.g. ```` ```\nsubmit()\n``` ````).
    func getAction(_ state: String) async throws -> String
}
