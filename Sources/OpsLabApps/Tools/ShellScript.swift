import Foundation

/// A parsed `sh -c` script: the small subset of POSIX shell that `kubectl exec` one-liners use.
///
/// Supported: words with single/double quotes and backslash escapes, `$NAME`, `${NAME}` and `$?`, `NAME=value`
/// assignments, `;`, newlines, `&&`, `||`, pipelines with `|`, `#` comments, and the redirections `2>&1`,
/// `>/dev/null`, `2>/dev/null`, `>&2`. Anything else (subshells, globbing, control flow) is out of scope; OpsLab runs
/// this parser instead of the host's `/bin/sh` so a pod never reaches the host's files or programs.
public struct ShellScript: Sendable, Hashable {
    /// A piece of a word: literal text or a variable to expand at run time.
    public enum WordPart: Sendable, Hashable {
        /// Literal text.
        case literal(String)
        /// `$NAME` / `${NAME}` / `$?`.
        case variable(String)
    }

    /// One word before expansion.
    public typealias Word = [WordPart]

    /// A redirection of a simple command.
    public enum Redirection: Sendable, Hashable {
        /// `2>&1`.
        case errorToOutput
        /// `>/dev/null` (or `1>/dev/null`).
        case discardOutput
        /// `2>/dev/null`.
        case discardError
        /// `>&2` (or `1>&2`).
        case outputToError
    }

    /// `NAME=value … word word … redirections`.
    public struct Command: Sendable, Hashable {
        /// Leading assignments.
        public var assignments: [(String, Word)] { zip(assignmentNames, assignmentValues).map { ($0, $1) } }
        var assignmentNames: [String] = []
        var assignmentValues: [Word] = []
        /// The command's words.
        public var words: [Word] = []
        /// Its redirections, in order.
        public var redirections: [Redirection] = []
    }

    /// How a pipeline is joined to the previous one.
    public enum Connector: Sendable, Hashable {
        /// `;` or a newline (or the first pipeline).
        case always
        /// `&&`.
        case ifSuccess
        /// `||`.
        case ifFailure
    }

    /// A pipeline and how it follows the previous one.
    public struct Step: Sendable, Hashable {
        /// When it runs.
        public var connector: Connector
        /// Its commands, joined by `|`.
        public var pipeline: [Command]
    }

    /// The steps in order.
    public var steps: [Step]

    /// A script could not be parsed; `message` is dash's wording, e.g. `Syntax error: Unterminated quoted string`.
    public struct SyntaxError: Error, Sendable, Hashable {
        /// The message.
        public var message: String
    }

    private enum Token: Hashable {
        case word(Word)
        case assignment(String, Word)
        case op(String)
        case redirect(Redirection)
    }

    /// Parses a script.
    public init(parsing text: String) throws(SyntaxError) {
        let tokens = try Self.tokenize(text)
        var steps: [Step] = []
        var connector = Connector.always
        var pipeline: [Command] = []
        var command = Command()
        func endCommand() throws(SyntaxError) {
            if command.words.isEmpty && command.assignmentNames.isEmpty {
                if !command.redirections.isEmpty || !pipeline.isEmpty {
                    throw SyntaxError(message: "Syntax error: end of command unexpected")
                }
                return
            }
            pipeline.append(command)
            command = Command()
        }
        for token in tokens {
            switch token {
            case .word(let word): command.words.append(word)
            case .assignment(let name, let value):
                if command.words.isEmpty {
                    command.assignmentNames.append(name)
                    command.assignmentValues.append(value)
                } else {
                    command.words.append([.literal(name + "=")] + value)
                }
            case .redirect(let redirection): command.redirections.append(redirection)
            case .op("|"):
                guard !command.words.isEmpty || !command.assignmentNames.isEmpty else {
                    throw SyntaxError(message: "Syntax error: \"|\" unexpected")
                }
                try endCommand()
            case .op(let op):
                let hadCommand = !command.words.isEmpty || !command.assignmentNames.isEmpty
                try endCommand()
                if pipeline.isEmpty {
                    if op == ";" && !hadCommand && steps.isEmpty == false && connector == .always { continue }
                    if op == "\n" { continue }
                    throw SyntaxError(message: "Syntax error: \"\(op)\" unexpected")
                }
                steps.append(Step(connector: connector, pipeline: pipeline))
                pipeline = []
                connector = op == "&&" ? .ifSuccess : op == "||" ? .ifFailure : .always
            }
        }
        try endCommand()
        if !pipeline.isEmpty {
            steps.append(Step(connector: connector, pipeline: pipeline))
        } else if connector != .always {
            throw SyntaxError(message: "Syntax error: end of file unexpected")
        }
        self.steps = steps
    }

    private static func tokenize(_ text: String) throws(SyntaxError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        var current: Word = []
        var literal = ""
        var inWord = false
        func flushLiteral() {
            if !literal.isEmpty { current.append(.literal(literal)) }
            literal = ""
        }
        func endWord() {
            flushLiteral()
            if inWord { tokens.append(classify(current)) }
            current = []
            inWord = false
        }
        func readVariable() {
            // At a `$`: reads `$NAME`, `${NAME}` or `$?`; a lone `$` is literal.
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if next == "?" {
                flushLiteral()
                current.append(.variable("?"))
                index += 2
            } else if next == "{", let close = characters[(index + 2)...].firstIndex(of: "}") {
                flushLiteral()
                current.append(.variable(String(characters[(index + 2)..<close])))
                index = close + 1
            } else if let next, next == "_" || next.isLetter {
                flushLiteral()
                var end = index + 1
                while end < characters.count,
                    characters[end] == "_" || characters[end].isLetter
                        || characters[end].isNumber
                {
                    end += 1
                }
                current.append(.variable(String(characters[(index + 1)..<end])))
                index = end
            } else {
                literal.append("$")
                index += 1
            }
        }
        while index < characters.count {
            let character = characters[index]
            let rest = String(characters[index..<min(index + 11, characters.count)])
            if !inWord || literal.isEmpty && current.isEmpty {
                if let (redirection, length) = redirection(at: rest) {
                    endWord()
                    tokens.append(.redirect(redirection))
                    index += length
                    continue
                }
            }
            switch character {
            case " ", "\t":
                endWord()
                index += 1
            case "#" where !inWord:
                while index < characters.count, characters[index] != "\n" { index += 1 }
            case "\n", ";":
                endWord()
                tokens.append(.op(character == "\n" ? "\n" : ";"))
                index += 1
            case "&", "|":
                endWord()
                if index + 1 < characters.count, characters[index + 1] == character {
                    tokens.append(.op(String([character, character])))
                    index += 2
                } else if character == "|" {
                    tokens.append(.op("|"))
                    index += 1
                } else {
                    throw SyntaxError(message: "Syntax error: background jobs (&) are not supported")
                }
            case "'":
                inWord = true
                guard let close = characters[(index + 1)...].firstIndex(of: "'") else {
                    throw SyntaxError(message: "Syntax error: Unterminated quoted string")
                }
                literal += String(characters[(index + 1)..<close])
                index = close + 1
            case "\"":
                inWord = true
                index += 1
                var closed = false
                while index < characters.count {
                    let inner = characters[index]
                    if inner == "\"" {
                        closed = true
                        index += 1
                        break
                    } else if inner == "\\", index + 1 < characters.count, "\"\\$`".contains(characters[index + 1]) {
                        literal.append(characters[index + 1])
                        index += 2
                    } else if inner == "$" {
                        readVariable()
                    } else {
                        literal.append(inner)
                        index += 1
                    }
                }
                if !closed { throw SyntaxError(message: "Syntax error: Unterminated quoted string") }
            case "\\":
                inWord = true
                if index + 1 < characters.count {
                    if characters[index + 1] != "\n" { literal.append(characters[index + 1]) }
                    index += 2
                } else {
                    index += 1
                }
            case "$":
                inWord = true
                readVariable()
            default:
                inWord = true
                literal.append(character)
                index += 1
            }
        }
        endWord()
        return tokens
    }

    /// A word is an assignment when it starts with an unquoted `NAME=`.
    private static func classify(_ word: Word) -> Token {
        if case .literal(let text)? = word.first, let equals = text.firstIndex(of: "="), equals > text.startIndex {
            let name = text[..<equals]
            if name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }), !(name.first?.isNumber ?? true) {
                let value = String(text[text.index(after: equals)...])
                return .assignment(String(name), (value.isEmpty ? [] : [.literal(value)]) + word.dropFirst())
            }
        }
        return .word(word)
    }

    private static func redirection(at text: String) -> (Redirection, Int)? {
        let forms: [(String, Redirection)] = [
            ("2>&1", .errorToOutput), ("2>/dev/null", .discardError), ("1>/dev/null", .discardOutput),
            (">/dev/null", .discardOutput), ("2> /dev/null", .discardError), ("> /dev/null", .discardOutput),
            ("1>&2", .outputToError), (">&2", .outputToError),
        ]
        for (form, redirection) in forms where text.hasPrefix(form) {
            let after = text.dropFirst(form.count).first
            if after == nil || after == " " || after == "\t" || after == ";" || after == "\n" || after == "|"
                || after == "&"
            {
                return (redirection, form.count)
            }
        }
        return nil
    }
}

extension ShellScript.Command {
    /// Equality of the stored parts (tuples are not Hashable).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.assignmentNames == rhs.assignmentNames && lhs.assignmentValues == rhs.assignmentValues
            && lhs.words == rhs.words && lhs.redirections == rhs.redirections
    }

    /// Hashes the stored parts.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(assignmentNames)
        hasher.combine(assignmentValues)
        hasher.combine(words)
        hasher.combine(redirections)
    }
}
