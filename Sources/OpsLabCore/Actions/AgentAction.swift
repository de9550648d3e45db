import Foundation

/// One call an agent asked for, before it is checked against the action's signature.
///
/// Produced by `ActionParser` from the original's text syntax (`exec_shell("ls", timeout=10)`) or by
/// `AgentAction(structuredName:arguments:)` from an API front end's name + JSON arguments.
public struct AgentAction: Sendable, Hashable {
    /// The action name, e.g. `exec_shell`.
    public var name: String
    /// Positional arguments in order; Python tuples arrive as arrays.
    public var positional: [JSONValue]
    /// Keyword arguments.
    public var keyword: [String: JSONValue]

    /// Creates an action.
    public init(name: String, positional: [JSONValue] = [], keyword: [String: JSONValue] = [:]) {
        self.name = name
        self.positional = positional
        self.keyword = keyword
    }

    /// A structured call: `arguments` is an object (keyword arguments), an array (positional arguments),
    /// null (none), or a string holding one of those as JSON text (as OpenAI-style tool calls send it).
    public init(structuredName name: String, arguments: JSONValue) throws(ActionParseError) {
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedName.isEmpty else {
            throw ActionParseError(.noAction, "The structured call has no action name.")
        }
        var arguments = arguments
        if case .string(let text) = arguments {
            let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if body.isEmpty {
                arguments = .null
            } else {
                do {
                    arguments = try JSONValue(parsing: body)
                } catch {
                    throw ActionParseError(.syntax, "The arguments of `\(trimmedName)` are not valid JSON: \(error).")
                }
            }
        }
        switch arguments {
        case .null: self.init(name: trimmedName)
        case .object(let members): self.init(name: trimmedName, keyword: members)
        case .array(let items): self.init(name: trimmedName, positional: items)
        default:
            throw ActionParseError(
                .syntax,
                "The arguments of `\(trimmedName)` must be a JSON object (by name) or array (in order), "
                    + "got a \(arguments.typeName).")
        }
    }
}
