import Foundation

/// A declared action: its name, parameters, documentation and one correct example call.
public struct ActionSignature: Sendable, Hashable {
    /// The action name, e.g. `exec_shell`.
    public var name: String
    /// The parameters in positional order.
    public var parameters: [ActionParameter]
    /// The Python return type shown in the docs, e.g. `str`; `nil` shows none.
    public var returnType: String?
    /// What the action does, one or more sentences.
    public var summary: String
    /// What the action returns, for the docs.
    public var returns: String
    /// One correct call, e.g. `exec_shell("kubectl get pods -n test-hotel-reservation")`.
    public var example: String

    /// Creates a signature.
    public init(
        name: String, parameters: [ActionParameter], returnType: String? = "str", summary: String,
        returns: String, example: String
    ) {
        self.name = name
        self.parameters = parameters
        self.returnType = returnType
        self.summary = summary
        self.returns = returns
        self.example = example
    }

    /// `name(p1: type, p2: type = default) -> ret`.
    public var signatureText: String {
        let arrow = returnType.map { " -> \($0)" } ?? ""
        return "\(name)(\(parameters.map(\.signatureText).joined(separator: ", ")))\(arrow)"
    }

    /// The docstring, laid out like the original's action docs: summary, `Args:`, `Returns:`.
    public var documentation: String {
        var lines = [summary, ""]
        lines.append("Args:")
        if parameters.isEmpty { lines.append("    None") }
        for parameter in parameters {
            lines.append("    \(parameter.name) (\(parameter.type.rawValue)): \(parameter.summary)")
        }
        lines += ["", "Returns:", "    \(returnType.map { "\($0): " } ?? "")\(returns)"]
        return lines.joined(separator: "\n")
    }

    /// Binds positional and keyword arguments to the parameters, fills defaults and checks types.
    public func bind(_ action: AgentAction) throws(ActionParseError) -> BoundAction {
        let list = parameters.map(\.name).joined(separator: ", ")
        guard action.positional.count <= parameters.count else {
            let takes = parameters.isEmpty ? "no arguments" : "at most \(parameters.count) (\(list))"
            throw error(.wrongArity, "`\(name)` takes \(takes), but \(action.positional.count) were given.")
        }
        for key in action.keyword.keys.sorted() where !parameters.contains(where: { $0.name == key }) {
            let known = parameters.isEmpty ? "it takes no arguments" : "its parameters are \(list)"
            throw error(.unknownKeyword, "`\(name)` has no parameter `\(key)`; \(known).")
        }
        var arguments: [String: JSONValue] = [:]
        for (position, parameter) in parameters.enumerated() {
            let given: JSONValue?
            if position < action.positional.count {
                guard action.keyword[parameter.name] == nil else {
                    throw error(.duplicateArgument, "`\(name)` got `\(parameter.name)` both by position and by name.")
                }
                given = action.positional[position]
            } else {
                given = action.keyword[parameter.name]
            }
            guard let value = given ?? parameter.defaultValue else {
                let type = parameter.type.rawValue
                throw error(.missingArgument, "`\(name)` is missing its `\(parameter.name)` argument (\(type)).")
            }
            if value.isNull && parameter.defaultValue == .null {
                arguments[parameter.name] = .null
                continue
            }
            guard let coerced = parameter.type.coerce(value) else {
                throw error(
                    .wrongType,
                    "`\(parameter.name)` of `\(name)` must be \(parameter.type.rawValue), got "
                        + "\(value.typeName) \(value.jsonString()).")
            }
            arguments[parameter.name] = coerced
        }
        return BoundAction(name: name, arguments: arguments)
    }

    private func error(_ code: ActionParseError.Code, _ message: String) -> ActionParseError {
        ActionParseError(code, message, example: example)
    }
}
