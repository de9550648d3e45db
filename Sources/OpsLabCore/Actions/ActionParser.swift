import Foundation

/// Turns an agent's response text into one `AgentAction`, as AIOpsLab's parser does, with better errors.
///
/// The response must contain exactly one fenced block (```` ``` ```` with or without a language tag such as
/// `python`); text outside the block is ignored. The block must hold exactly one call with literal
/// arguments (see the module's Python-like literal syntax). A block that is opened but never closed runs
/// to the end of the text. With `requireFence: false` (the interactive shell, replay files) a response
/// without any fence is parsed as the call itself.
public struct ActionParser: Sendable {
    /// Whether a response must put its call inside a fenced block.
    public var requireFence: Bool

    /// Creates a parser.
    public init(requireFence: Bool = true) {
        self.requireFence = requireFence
    }

    /// Parses one response into an action; throws with what was wrong and a generic example.
    public func parse(_ response: String) throws(ActionParseError) -> AgentAction {
        let blocks = Self.fencedBlocks(in: response)
        let body: String
        switch blocks.count {
        case 0:
            let trimmed = response.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !requireFence, !trimmed.isEmpty else {
                throw ActionParseError(.noAction, "No API call found.")
            }
            body = trimmed
        case 1:
            body = blocks[0]
        default:
            throw ActionParseError(
                .multipleBlocks, "Found \(blocks.count) code blocks; send exactly one code block with one action.")
        }
        do {
            return try PythonCallParser.parse(body)
        } catch {
            let message = error.code == .noAction ? "No API call found: the code block is empty." : error.message
            throw ActionParseError(error.code, message)
        }
    }

    /// The action name the call text starts with, if any (used to pick a matching example for errors).
    static func leadingName(_ response: String) -> String? {
        let blocks = fencedBlocks(in: response)
        let body = blocks.count == 1 ? blocks[0] : response
        let trimmed = body.drop(while: { $0.isWhitespace })
        let name = trimmed.prefix(while: { $0 == "_" || $0.isLetter || $0.isNumber })
        return name.isEmpty ? nil : String(name)
    }

    /// The contents of the fenced blocks in `text`, in order.
    ///
    /// A fence is three backticks. After an opening fence, a rest-of-line that is a bare word (a language
    /// tag such as `python` or `bash`) is skipped; any other rest-of-line is content (```` ```ls()``` ````).
    public static func fencedBlocks(in text: String) -> [String] {
        var blocks: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "```") {
            var content = rest[open.upperBound...]
            let lineEnd = content.firstIndex(of: "\n") ?? content.endIndex
            let firstLine = content[..<lineEnd].trimmingCharacters(in: .whitespaces)
            let isTag = firstLine.allSatisfy { $0.isLetter || $0.isNumber || "+-_.".contains($0) }
            if isTag && !firstLine.contains("```") {
                content = lineEnd == content.endIndex ? content[lineEnd...] : content[content.index(after: lineEnd)...]
            }
            if let close = content.range(of: "```") {
                blocks.append(String(content[..<close.lowerBound]))
                rest = content[close.upperBound...]
            } else {
                blocks.append(String(content))
                rest = rest[rest.endIndex...]
            }
        }
        return blocks
    }
}
