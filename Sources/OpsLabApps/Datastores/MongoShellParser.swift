import Foundation
import OpsLabCore

/// A parsed shell expression: literals, names, member access and calls (`db.getSiblingDB("admin").getUsers()`).
public indirect enum MongoShellExpression: Sendable, Equatable {
    /// A JSON literal (objects and arrays are literals; `ObjectId("…")` becomes `{"$oid": "…"}`).
    case literal(JSONValue)
    /// A bare name, e.g. `db`, `printjson`.
    case identifier(String)
    /// `target.name` or `target["name"]`.
    case member(MongoShellExpression, String)
    /// `callee(arguments…)`.
    case call(MongoShellExpression, [MongoShellExpression])
}

/// One shell statement.
public enum MongoShellStatement: Sendable, Equatable {
    /// `use <db>`.
    case use(String)
    /// `show dbs|databases|collections|tables|users|roles`.
    case show(String)
    /// `exit` or `quit()`.
    case exit
    /// An expression whose value is printed.
    case expression(MongoShellExpression)
}

/// A syntax error, printed as `uncaught exception: SyntaxError: <message> :`.
public struct MongoShellSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SpiderMonkey-style message, e.g. `missing } after property list`.
    public var message: String
    public var description: String { "SyntaxError: \(message)" }
}

/// Parses the legacy mongo shell's JavaScript subset: statements split on `;` and line ends outside brackets,
/// object literals with unquoted or quoted keys, single- or double-quoted strings.
public enum MongoShellParser {
    /// Splits a script into statement texts (a statement may span lines while brackets are open).
    public static func split(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        var escaped = false
        for character in script {
            if let open = quote {
                current.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == open {
                    quote = nil
                }
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case "{", "[", "(": depth += 1
            case "}", "]", ")": depth = max(0, depth - 1)
            default: break
            }
            if (character == ";" || character == "\n") && depth == 0 {
                let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { statements.append(trimmed) }
                current = ""
            } else {
                current.append(character)
            }
        }
        let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { statements.append(trimmed) }
        return statements.filter { !$0.hasPrefix("//") }
    }

    /// Parses one statement.
    public static func parse(_ text: String) throws -> MongoShellStatement {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if words.first == "use", words.count == 2 { return .use(words[1]) }
        if words.first == "show", words.count == 2 { return .show(words[1]) }
        if text == "exit" || text == "quit" { return .exit }
        var parser = Parser(tokens: try tokenize(text))
        let expression = try parser.expression()
        guard parser.atEnd else { throw MongoShellSyntaxError(message: "unexpected token: \(parser.peekText)") }
        if case .call(.identifier("quit"), _) = expression { return .exit }
        return .expression(expression)
    }

    /// Parses a JS-ish literal such as `{user: 'admin', roles: [{role: "read", db: "x"}]}`.
    public static func literal(_ text: String) throws -> JSONValue {
        var parser = Parser(tokens: try tokenize(text))
        let expression = try parser.expression()
        guard parser.atEnd, case .literal(let value) = expression else {
            throw MongoShellSyntaxError(message: "expected a literal")
        }
        return value
    }

    enum Token: Equatable {
        case name(String)
        case string(String)
        case number(JSONValue)
        case punctuation(Character)
    }

    static func tokenize(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "\"" || character == "'" {
                var value = ""
                index += 1
                while true {
                    guard index < characters.count else {
                        throw MongoShellSyntaxError(message: "unterminated string literal")
                    }
                    let next = characters[index]
                    index += 1
                    if next == character { break }
                    if next == "\\", index < characters.count {
                        let escaped = characters[index]
                        index += 1
                        switch escaped {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        default: value.append(escaped)
                        }
                    } else {
                        value.append(next)
                    }
                }
                tokens.append(.string(value))
            } else if character.isNumber
                || (character == "-" && index + 1 < characters.count
                    && (characters[index + 1].isNumber || characters[index + 1] == "."))
            {
                var end = index + 1
                while end < characters.count,
                    characters[end].isNumber || "._eE".contains(characters[end])
                        || ((characters[end] == "-" || characters[end] == "+") && "eE".contains(characters[end - 1]))
                {
                    end += 1
                }
                let text = String(characters[index..<end]).replacingOccurrences(of: "_", with: "")
                if let integer = Int64(text) {
                    tokens.append(.number(.int(integer)))
                } else if let double = Double(text) {
                    tokens.append(.number(.double(double)))
                } else {
                    throw MongoShellSyntaxError(message: "identifier starts immediately after numeric literal")
                }
                index = end
            } else if character.isLetter || character == "_" || character == "$" {
                var end = index + 1
                while end < characters.count,
                    characters[end].isLetter || characters[end].isNumber || characters[end] == "_"
                        || characters[end] == "$"
                {
                    end += 1
                }
                tokens.append(.name(String(characters[index..<end])))
                index = end
            } else if "{}[](),:.;".contains(character) {
                tokens.append(.punctuation(character))
                index += 1
            } else {
                throw MongoShellSyntaxError(message: "illegal character")
            }
        }
        return tokens
    }

    struct Parser {
        var tokens: [Token]
        var position = 0

        var atEnd: Bool { position >= tokens.count || tokens[position...].allSatisfy { $0 == .punctuation(";") } }
        var peekText: String {
            guard position < tokens.count else { return "end of script" }
            switch tokens[position] {
            case .name(let name): return name
            case .string(let text): return "string literal \"\(text)\""
            case .number(let value): return MongoText.format(value)
            case .punctuation(let character): return String(character)
            }
        }

        mutating func next() throws -> Token {
            guard position < tokens.count else {
                throw MongoShellSyntaxError(message: "expected expression, got end of script")
            }
            defer { position += 1 }
            return tokens[position]
        }

        mutating func take(_ character: Character) -> Bool {
            guard position < tokens.count, tokens[position] == .punctuation(character) else { return false }
            position += 1
            return true
        }

        mutating func expect(_ character: Character, _ message: String) throws {
            guard take(character) else { throw MongoShellSyntaxError(message: message) }
        }

        mutating func expression() throws -> MongoShellExpression {
            var result = try primary()
            while true {
                if take(".") {
                    guard case .name(let name) = try next() else {
                        throw MongoShellSyntaxError(message: "missing name after . operator")
                    }
                    result = .member(result, name)
                } else if take("(") {
                    var arguments: [MongoShellExpression] = []
                    if !take(")") {
                        repeat { arguments.append(try expression()) } while take(",")
                        try expect(")", "missing ) after argument list")
                    }
                    result = try constructor(result, arguments) ?? .call(result, arguments)
                } else if take("[") {
                    guard case .string(let key) = try next() else {
                        throw MongoShellSyntaxError(message: "expected a string index")
                    }
                    try expect("]", "missing ] in index expression")
                    result = .member(result, key)
                } else {
                    return result
                }
            }
        }

        /// `ObjectId("…")`, `NumberInt(…)`, `ISODate(…)`, `new Date(…)`, `UUID(…)` as literals.
        func constructor(
            _ callee: MongoShellExpression, _ arguments: [MongoShellExpression]
        ) throws
            -> MongoShellExpression?
        {
            guard case .identifier(let name) = callee else { return nil }
            let argument: JSONValue? = arguments.first.flatMap {
                if case .literal(let value) = $0 { value } else { nil }
            }
            switch name {
            case "ObjectId":
                return .literal(["$oid": .string(argument?.stringValue ?? ObjectIdGenerator().hexString())])
            case "UUID": return .literal(["$uuid": .string(argument?.stringValue ?? UUID().uuidString)])
            case "NumberInt", "NumberLong":
                let number = argument?.intValue ?? argument?.stringValue.flatMap { Int64($0) } ?? 0
                return .literal(.int(number))
            case "NumberDecimal":
                return .literal(.double(argument?.doubleValue ?? Double(argument?.stringValue ?? "") ?? 0))
            case "ISODate", "Date":
                return .literal(["$date": .string(argument?.stringValue ?? MongoLog.timestamp(Date()))])
            default: return nil
            }
        }

        mutating func primary() throws -> MongoShellExpression {
            switch try next() {
            case .string(let text): return .literal(.string(text))
            case .number(let value): return .literal(value)
            case .name("true"): return .literal(true)
            case .name("false"): return .literal(false)
            case .name("null"), .name("undefined"): return .literal(.null)
            case .name("new"):
                guard case .name = tokens[safe: position] else {
                    throw MongoShellSyntaxError(message: "expected expression after new")
                }
                return try primary()
            case .name(let name): return .identifier(name)
            case .punctuation("{"): return try object()
            case .punctuation("["): return try array()
            case .punctuation("("):
                let inner = try expression()
                try expect(")", "missing ) in parenthetical")
                return inner
            case .punctuation(let character):
                throw MongoShellSyntaxError(message: "expected expression, got '\(character)'")
            }
        }

        mutating func object() throws -> MongoShellExpression {
            var members: [String: JSONValue] = [:]
            if take("}") { return .literal(.object(members)) }
            repeat {
                if take("}") { return .literal(.object(members)) }
                let key: String
                switch try next() {
                case .name(let name): key = name
                case .string(let text): key = text
                case .number(let value): key = MongoText.format(value)
                default: throw MongoShellSyntaxError(message: "missing name after { or ,")
                }
                try expect(":", "missing : after property id")
                guard case .literal(let value) = try expression() else {
                    throw MongoShellSyntaxError(message: "only literal values are supported in objects")
                }
                members[key] = value
            } while take(",")
            try expect("}", "missing } after property list")
            return .literal(.object(members))
        }

        mutating func array() throws -> MongoShellExpression {
            var items: [JSONValue] = []
            if take("]") { return .literal(.array(items)) }
            repeat {
                if take("]") { return .literal(.array(items)) }
                guard case .literal(let value) = try expression() else {
                    throw MongoShellSyntaxError(message: "only literal values are supported in arrays")
                }
                items.append(value)
            } while take(",")
            try expect("]", "missing ] after element list")
            return .literal(.array(items))
        }
    }
}

extension ObjectIdGenerator {
    /// A fresh ObjectId as 24 hex digits.
    func hexString() -> String {
        var generator = self
        return generator.next()["$oid"]?.stringValue ?? ""
    }
}
