import Foundation

/// Why an agent's response could not be turned into an action, with one correct example.
///
/// `description` is the observation sent back to the agent: what was wrong, then
/// "Respond with one code block containing one action, for example:" and the example in a fenced block.
public struct ActionParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of mistake, for programs and tests.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// No fenced block (or an empty one) in the response.
        case noAction
        /// More than one fenced block.
        case multipleBlocks
        /// One block holding more than one call.
        case multipleCalls
        /// The call is not valid Python-like syntax (includes unterminated strings).
        case syntax
        /// The action name is not in the catalog.
        case unknownAction
        /// Too many positional arguments.
        case wrongArity
        /// A required argument is missing.
        case missingArgument
        /// A keyword names no parameter.
        case unknownKeyword
        /// A parameter is given twice (positionally and by keyword, or twice by keyword).
        case duplicateArgument
        /// An argument has the wrong type.
        case wrongType
        /// The `submit` answer does not fit the task's answer format.
        case invalidSubmission
    }

    /// The kind of mistake.
    public var code: Code
    /// What was wrong, as one or more sentences.
    public var message: String
    /// One correct call, e.g. `exec_shell("kubectl get pods -n test-hotel-reservation")`.
    public var example: String

    /// The example used when no specific action is known.
    public static let defaultExample = #"exec_shell("kubectl get pods -n test-hotel-reservation")"#

    /// Creates an error.
    public init(_ code: Code, _ message: String, example: String = ActionParseError.defaultExample) {
        self.code = code
        self.message = message
        self.example = example
    }

    /// The message for the agent, ending with the example block.
    public var description: String {
        "\(message) Respond with one code block containing one action, for example:\n```\n\(example)\n```"
    }
}
