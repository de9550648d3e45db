import Foundation

/// The actions an agent may use in a task, as a value: docs for prompts, and the parser's lookup table.
///
/// `docs` mirrors the original's `actions` dict (API name → docstring). `parse(_:)` turns a response into
/// a `BoundAction` or an `ActionParseError` whose example fits the action the agent tried to call.
public struct ActionCatalog: Sendable, Hashable {
    /// The actions in listing order.
    public var actions: [ActionSignature]
    /// Actions whose single string argument may, as in the original, be quoted without escaping inner
    /// quotes (`exec_shell("echo "hi"")`); used only when the strict parse fails.
    public var looseStringActions: Set<String>

    /// Creates a catalog.
    public init(_ actions: [ActionSignature], looseStringActions: Set<String> = ["exec_shell"]) {
        self.actions = actions
        self.looseStringActions = looseStringActions
    }

    /// The action called `name`, or `nil`.
    public subscript(name: String) -> ActionSignature? {
        actions.first { $0.name == name }
    }

    /// The action names in listing order.
    public var names: [String] { actions.map(\.name) }

    /// Action name → docstring, like the original's `actions` dict.
    public var docs: [String: String] {
        Dictionary(actions.map { ($0.name, $0.documentation) }, uniquingKeysWith: { first, _ in first })
    }

    /// A prompt-ready listing: each signature, then its indented docstring, separated by blank lines.
    public var listing: String {
        actions.map { action in
            let doc = action.documentation.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "    \($0)" }.joined(separator: "\n")
            return "\(action.signatureText)\n\(doc)"
        }.joined(separator: "\n\n")
    }

    /// Parses a response (see `ActionParser`) and binds it to its action.
    public func parse(_ response: String, requireFence: Bool = true) throws(ActionParseError) -> BoundAction {
        let action: AgentAction
        do {
            action = try ActionParser(requireFence: requireFence).parse(response)
        } catch {
            var error = error
            if let name = ActionParser.leadingName(response), let signature = self[name] {
                if error.code == .syntax, looseStringActions.contains(name),
                    let loose = Self.looseString(response, name: name, requireFence: requireFence)
                {
                    return try bind(AgentAction(name: name, positional: [.string(loose)]))
                }
                error.example = signature.example
            } else if let first = actions.first, error.code != .syntax {
                error.example = first.example
            }
            throw error
        }
        return try bind(action)
    }

    /// Binds a parsed or structured action; an unknown name lists the available actions.
    public func bind(_ action: AgentAction) throws(ActionParseError) -> BoundAction {
        guard let signature = self[action.name] else {
            throw ActionParseError(
                .unknownAction,
                "Unknown action `\(action.name)`. Available actions: \(names.joined(separator: ", ")).",
                example: actions.first?.example ?? ActionParseError.defaultExample)
        }
        return try signature.bind(action)
    }

    /// The original's lenient reading of a one-string call: strip `command=`, then the outer quotes.
    static func looseString(_ response: String, name: String, requireFence: Bool) -> String? {
        let blocks = ActionParser.fencedBlocks(in: response)
        guard blocks.count == 1 || (!requireFence && blocks.isEmpty) else { return nil }
        var body = (blocks.first ?? response).trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.hasPrefix(name), body.hasSuffix(")") else { return nil }
        body = String(body.dropFirst(name.count)).trimmingCharacters(in: .whitespaces)
        guard body.hasPrefix("(") else { return nil }
        body = String(body.dropFirst().dropLast()).trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("command=") { body = String(body.dropFirst("command=".count)) }
        guard body.count >= 2, let quote = body.first, quote == "\"" || quote == "'", body.last == quote else {
            return nil
        }
        return String(body.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
    }
}
