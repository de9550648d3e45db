import Foundation

/// What an agent is told about its task, in the shape of AIOpsLab's `init_problem` result.
///
/// `description` is the task text with the service details filled in, `instructions` the answer-format guide,
/// and `actions` maps each available API name to its docstring. ``text`` joins them into one first prompt,
/// as the original's client code does. None of it names the problem, the fault or the injector.
public struct TaskPrompt: Sendable, Hashable {
    /// The role sentence, the service details and the answer format.
    public var description: String
    /// How to reply: one API call per turn in a fenced block, with examples and the submit signature.
    public var instructions: String
    /// API name → docstring.
    public var actions: [String: String]
    /// The actions as a prompt-ready listing (signature, then indented docstring), in catalog order.
    public var actionListing: String

    /// Creates a prompt.
    public init(description: String, instructions: String, actions: [String: String], actionListing: String) {
        self.description = description
        self.instructions = instructions
        self.actions = actions
        self.actionListing = actionListing
    }

    /// The whole first prompt: description, the available actions with their docs, then the instructions.
    public var text: String {
        "\(description)\n\nAvailable actions:\n\n\(actionListing)\n\n\(instructions)"
    }
}
