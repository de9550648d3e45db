import Foundation

/// A syntax problem found by `PythonCallParser`, with the action name if it was read before the problem.
struct CallSyntaxError: Error, Sendable {
    var code: ActionParseError.Code
    var message: String
    var name: String?
}

/// Parses exactly one Python-like call with literal arguments: `name(arg, …, key=value, …)`.
///
/// Literals: strings (single, double or triple quotes; `r`/`u` prefixes; Python escapes; adjacent strings
/// concatenate), integers (decimal, `0x`, `0o`, `0b`, `_` separators), floats, `True`/`False`/`None`
/// (and JSON's `true`/`false`/`null`), lists, tuples (as arrays) and dicts (string or integer keys).
/// `#` comments and newlines between tokens are ignored. Anything after the call other than `;` is an
/// error: another call gives `.multipleCalls`, other text `.syntax`.
struct PythonCallParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    private var name: String?

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// Parses `text` as one call.
    static func parse(_ text: String) throws(CallSyntaxError) -> AgentAction {
        var parser = PythonCallParser(text)
        return try parser.parseCall()
    }

    private mutating func parseCall() throws(CallSyntaxError) -> AgentAction {
        skipTrivia()
        guard peek() != nil else { throw CallSyntaxError(code: .noAction, message: "The code block is empty.") }
        let start = index
        guard let callee = identifier() else {
            throw fail("Expected an action name such as exec_shell \(location(start)), found `\(snippet(start))`.")
        }
        name = callee
        skipTrivia()
        guard consume("(") else {
            throw fail("Expected `(` after `\(callee)` \(location(index)); call the action like \(callee)(...).")
        }
        var positional: [JSONValue] = []
        var keyword: [String: JSONValue] = [:]
        let open = index - 1
        skipTrivia()
        while !consume(")") {
            let argumentStart = index
            if let key = identifier(), skipTriviaThenIsAssignment() {
                index += 1
                guard keyword[key] == nil else {
                    throw CallSyntaxError(
                        code: .duplicateArgument, message: "The keyword argument `\(key)` is given twice.", name: name)
                }
                keyword[key] = try value()
            } else {
                index = argumentStart
                let item = try value()
                guard keyword.isEmpty else {
                    throw fail("A positional argument follows a keyword argument \(location(argumentStart)).")
                }
                positional.append(item)
            }
            skipTrivia()
            if consume(",") {
                skipTrivia()
                continue
            }
            if peek() == ")" { continue }
            if peek() == nil { throw fail("Missing `)` to close the call opened \(location(open)).") }
            throw fail("Expected `,` or `)` \(location(index)), found `\(snippet(index))`.")
        }
        skipTrivia()
        while consume(";") { skipTrivia() }
        if peek() != nil {
            let rest = index
            if identifier() != nil {
                skipTrivia()
                if peek() == "(" {
                    throw CallSyntaxError(
                        code: .multipleCalls,
                        message: "The code block holds more than one call; send exactly one action per turn.",
                        name: name)
                }
            }
            throw fail("Unexpected text after the call \(location(rest)): `\(snippet(rest))`.")
        }
        return AgentAction(name: callee, positional: positional, keyword: keyword)
    }

    // MARK: Values

    private mutating func value() throws(CallSyntaxError) -> JSONValue {
        skipTrivia()
        guard let first = peek() else { throw fail("Expected a value, but the text ended.") }
        switch first {
        case "\"", "'":
            return try concatenatedStrings(raw: false)
        case "[":
            index += 1
            return .array(try sequence(closing: "]", opened: index - 1, what: "list"))
        case "{":
            return try dictionary()
        case "(":
            let open = index
            index += 1
            skipTrivia()
            if consume(")") { return .array([]) }
            let item = try value()
            skipTrivia()
            if consume(")") { return item }
            guard consume(",") else { throw fail("Expected `,` or `)` \(location(index)), found `\(snippet(index))`.") }
            return .array([item] + (try sequence(closing: ")", opened: open, what: "tuple")))
        case "-", "+", ".", "0"..."9":
            return try number()
        default:
            let start = index
            guard let word = identifier() else { throw fail("Unexpected `\(snippet(start))` \(location(start)).") }
            if ["r", "R", "u", "U"].contains(word), peek() == "\"" || peek() == "'" {
                return try concatenatedStrings(raw: word.lowercased() == "r")
            }
            switch word {
            case "True", "true": return .bool(true)
            case "False", "false": return .bool(false)
            case "None", "null": return .null
            default:
                if ["f", "F", "b", "B", "rb", "br"].contains(word), peek() == "\"" || peek() == "'" {
                    throw fail("`\(word)`-prefixed strings are not supported \(location(start)); use a plain string.")
                }
                throw fail("`\(word)` \(location(start)) is not a literal; quote strings, e.g. \"\(word)\".")
            }
        }
    }

    /// Items up to `closing`, after the opening bracket (or a tuple's first comma) was consumed.
    private mutating func sequence(
        closing: Unicode.Scalar, opened: Int, what: String
    ) throws(CallSyntaxError)
        -> [JSONValue]
    {
        var items: [JSONValue] = []
        skipTrivia()
        while !consume(closing) {
            items.append(try value())
            skipTrivia()
            if consume(",") {
                skipTrivia()
            } else if peek() != closing {
                if peek() == nil { throw fail("Missing `\(closing)` to close the \(what) opened \(location(opened)).") }
                throw fail("Expected `,` or `\(closing)` \(location(index)), found `\(snippet(index))`.")
            }
        }
        return items
    }

    private mutating func dictionary() throws(CallSyntaxError) -> JSONValue {
        let open = index
        index += 1
        var members: [String: JSONValue] = [:]
        skipTrivia()
        while !consume("}") {
            let keyStart = index
            let key: String
            switch try value() {
            case .string(let text): key = text
            case .int(let number): key = String(number)
            default: throw fail("Dictionary keys must be strings \(location(keyStart)).")
            }
            skipTrivia()
            guard consume(":") else { throw fail("Expected `:` after a dictionary key \(location(index)).") }
            members[key] = try value()
            skipTrivia()
            if consume(",") {
                skipTrivia()
            } else if peek() != "}" {
                if peek() == nil { throw fail("Missing `}` to close the dictionary opened \(location(open)).") }
                throw fail("Expected `,` or `}` \(location(index)), found `\(snippet(index))`.")
            }
        }
        return .object(members)
    }

    // MARK: Lexing helpers

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard peek() == scalar else { return false }
        index += 1
        return true
    }

    mutating func identifier() -> String? {
        guard let first = peek(), first == "_" || first.properties.isAlphabetic else { return nil }
        var word = String.UnicodeScalarView()
        while let scalar = peek(), scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            word.append(scalar)
            index += 1
        }
        return String(word)
    }

    /// Skips trivia and tells whether a single `=` (not `==`) comes next.
    private mutating func skipTriviaThenIsAssignment() -> Bool {
        skipTrivia()
        return peek() == "=" && peek(1) != "="
    }

    mutating func skipTrivia() {
        while let scalar = peek() {
            if scalar == "#" {
                while let next = peek(), next != "\n" { index += 1 }
            } else if scalar.properties.isWhitespace {
                index += 1
            } else {
                return
            }
        }
    }

    func location(_ position: Int) -> String {
        var line = 1
        var column = 1
        for scalar in scalars[..<min(position, scalars.count)] {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return "at line \(line), column \(column)"
    }

    func snippet(_ position: Int) -> String {
        let end = min(position + 20, scalars.count)
        let text = String(String.UnicodeScalarView(scalars[min(position, end)..<end]))
        return text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }

    func fail(_ message: String) -> CallSyntaxError {
        CallSyntaxError(code: .syntax, message: message, name: name)
    }
}
