import Foundation
import OpsLabCore

/// A template parse failure; `JSONPathTemplate` wraps it into a `JSONPathError`.
struct JSONPathParseFailure: Error {
    var message: String
}

/// A parser for client-go's jsonpath template syntax.
struct JSONPathParser {
    private let input: [Unicode.Scalar]
    private var position = 0

    private init(_ text: String) {
        input = Array(text.unicodeScalars)
    }

    /// Parses a whole template: literal text and `{…}` actions, with `{range}`/`{end}` nesting resolved.
    static func parseTemplate(_ text: String) throws -> [JSONPathSegment] {
        var parser = JSONPathParser(text)
        var items: [Item] = []
        var literal = ""
        while let scalar = parser.peek() {
            if scalar == "{" {
                if !literal.isEmpty { items.append(.text(literal)) }
                literal = ""
                parser.position += 1
                items.append(.action(try parser.parseSteps(closedByBrace: true)))
            } else {
                literal.unicodeScalars.append(scalar)
                parser.position += 1
            }
        }
        if !literal.isEmpty { items.append(.text(literal)) }
        var index = 0
        return try build(items, index: &index, inRange: false)
    }

    /// Parses an action body without braces (filter operands and union members).
    static func parseExpression(_ text: String) throws -> [JSONPathStep] {
        var parser = JSONPathParser(text)
        return try parser.parseSteps(closedByBrace: false)
    }

    private enum Item {
        case text(String)
        case action([JSONPathStep])
    }

    private static func build(_ items: [Item], index: inout Int, inRange: Bool) throws -> [JSONPathSegment] {
        var segments: [JSONPathSegment] = []
        while index < items.count {
            let item = items[index]
            index += 1
            switch item {
            case .text(let text):
                segments.append(.text(text))
            case .action(let steps):
                if case .identifier(let name)? = steps.first {
                    switch name {
                    case "range":
                        let body = try build(items, index: &index, inRange: true)
                        segments.append(.range(Array(steps.dropFirst()), body: body))
                        continue
                    case "end":
                        guard inRange else { throw JSONPathParseFailure(message: "not in range, nothing to end") }
                        return segments
                    default:
                        throw JSONPathParseFailure(message: "unrecognized identifier \(name)")
                    }
                }
                segments.append(.expression(steps))
            }
        }
        return segments
    }

    // MARK: Inside an action

    private mutating func parseSteps(closedByBrace: Bool) throws -> [JSONPathStep] {
        var steps: [JSONPathStep] = []
        while true {
            if hasPrefix("}") {
                guard closedByBrace else {
                    throw JSONPathParseFailure(message: "unrecognized character in action: U+007D '}'")
                }
                position += 1
                return steps
            }
            if hasPrefix("[?(") {
                steps.append(.filter(try parseFilter()))
                continue
            }
            if hasPrefix("..") {
                if steps.last == .recursive {
                    throw JSONPathParseFailure(message: "invalid multiple recursive descent")
                }
                position += 2
                steps.append(.recursive)
                if let next = peek(), Self.isAlphaNumeric(next) { steps.append(parseField()) }
                continue
            }
            guard let scalar = next() else {
                if closedByBrace { throw JSONPathParseFailure(message: "unclosed action") }
                return steps
            }
            switch scalar {
            case "\n", "\r":
                throw JSONPathParseFailure(message: "unclosed action")
            case " ", "\t", "@", "$":
                continue
            case "[":
                steps.append(try parseArray())
            case "\"", "'":
                steps.append(.literal(.string(try parseQuote(scalar))))
            case ".":
                steps.append(parseField())
            case "+", "-", "0"..."9":
                position -= 1
                steps.append(try parseNumber())
            default:
                if Self.isAlphaNumeric(scalar) {
                    position -= 1
                    let word = readUntilTerminator()
                    switch word {
                    case "true": steps.append(.literal(.bool(true)))
                    case "false": steps.append(.literal(.bool(false)))
                    default: steps.append(.identifier(word))
                    }
                } else {
                    var hex = String(scalar.value, radix: 16, uppercase: true)
                    hex = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                    throw JSONPathParseFailure(
                        message: "unrecognized character in action: U+\(hex) '\(Character(scalar))'")
                }
            }
        }
    }

    /// `.name` (after the dot): up to the next terminator, backslashes escaping the next character.
    private mutating func parseField() -> JSONPathStep {
        var name = ""
        while let scalar = peek() {
            if scalar == "\\" {
                position += 1
                if let escaped = next() { name.unicodeScalars.append(escaped) }
                continue
            }
            if Self.isTerminator(scalar) { break }
            name.unicodeScalars.append(scalar)
            position += 1
        }
        return name == "*" ? .wildcard : .field(name)
    }

    private mutating func readUntilTerminator() -> String {
        var word = ""
        while let scalar = peek(), !Self.isTerminator(scalar) {
            word.unicodeScalars.append(scalar)
            position += 1
        }
        return word
    }

    private mutating func parseNumber() throws -> JSONPathStep {
        var text = ""
        if let sign = peek(), sign == "+" || sign == "-" {
            text.unicodeScalars.append(sign)
            position += 1
        }
        while let scalar = peek(), scalar == "." || ("0"..."9").contains(scalar) {
            text.unicodeScalars.append(scalar)
            position += 1
        }
        if let integer = Int64(text) { return .literal(.int(integer)) }
        if let double = Double(text) { return .literal(.double(double)) }
        throw JSONPathParseFailure(message: "cannot parse number \(text)")
    }

    /// A quoted string after its opening quote, with Go escapes (`\n`, `\t`, `\"`, `\\`, `\uXXXX`, …).
    private mutating func parseQuote(_ quote: Unicode.Scalar) throws -> String {
        var raw: [Unicode.Scalar] = []
        while true {
            guard let scalar = next(), scalar != "\n" else {
                throw JSONPathParseFailure(message: "unterminated quoted string")
            }
            if scalar == quote, raw.last != "\\" { break }
            raw.append(scalar)
        }
        return try Self.unescape(raw)
    }

    static func unescape(_ raw: [Unicode.Scalar]) throws -> String {
        var result = ""
        var index = 0
        while index < raw.count {
            let scalar = raw[index]
            index += 1
            guard scalar == "\\", index < raw.count else {
                result.unicodeScalars.append(scalar)
                continue
            }
            let code = raw[index]
            index += 1
            switch code {
            case "n": result += "\n"
            case "t": result += "\t"
            case "r": result += "\r"
            case "a": result += "\u{07}"
            case "b": result += "\u{08}"
            case "f": result += "\u{0C}"
            case "v": result += "\u{0B}"
            case "u", "x", "U":
                let width = code == "x" ? 2 : code == "u" ? 4 : 8
                guard index + width <= raw.count,
                    let value = UInt32(String(String.UnicodeScalarView(raw[index..<(index + width)])), radix: 16),
                    let decoded = Unicode.Scalar(value)
                else { throw JSONPathParseFailure(message: "unquote string error: invalid syntax") }
                result.unicodeScalars.append(decoded)
                index += width
            default: result.unicodeScalars.append(code)
            }
        }
        return result
    }

    /// `[…]` after the bracket: union, `'key'`, or a slice.
    private mutating func parseArray() throws -> JSONPathStep {
        var inner = ""
        while true {
            guard let scalar = next(), scalar != "\n" else {
                throw JSONPathParseFailure(message: "unterminated array")
            }
            if scalar == "]" { break }
            inner.unicodeScalars.append(scalar)
        }
        if inner == "*" { inner = ":" }
        if inner.contains(",") {
            let members = try inner.split(separator: ",", omittingEmptySubsequences: false).map { part in
                try Self.parseExpression("[\(part.trimmingCharacters(in: .whitespaces))]")
            }
            return .union(members)
        }
        if inner.count >= 2, let first = inner.first, first == "'" || first == "\"", inner.last == first {
            let key = String(inner.dropFirst().dropLast())
            if !key.contains(first) { return .field(key) }
        }
        return .slice(try Self.parseSlice(inner))
    }

    /// `^(-?\d*)(:-?\d*)?(:-?\d*)?$` into client-go's slice parameters.
    static func parseSlice(_ text: String) throws -> JSONPathSlice {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3,
            parts.allSatisfy({ part in
                let digits = part.hasPrefix("-") ? part.dropFirst() : Substring(part)
                return digits.allSatisfy { ("0"..."9").contains($0) }
            })
        else { throw JSONPathParseFailure(message: "invalid array index \(text)") }
        func number(_ part: String) throws -> Int? {
            if part.isEmpty { return nil }
            guard let value = Int(part) else {
                throw JSONPathParseFailure(message: "array index \(part) is not a number")
            }
            return value
        }
        var slice = JSONPathSlice()
        slice.start = try number(parts[0])
        if parts.count == 1 {
            slice.end = (slice.start ?? 0) + 1
            slice.derivedEnd = true
        } else {
            slice.end = try number(parts[1])
        }
        if parts.count == 3 { slice.step = try number(parts[2]) }
        return slice
    }

    /// `[?(left op right)]` after the `[?(` prefix.
    private mutating func parseFilter() throws -> JSONPathFilter {
        position += 3
        var text = ""
        var quote: Unicode.Scalar?
        var begun = false
        var ended = false
        while true {
            guard let scalar = next(), scalar != "\n" else {
                throw JSONPathParseFailure(message: "unterminated filter")
            }
            if scalar == "\"" || scalar == "'" {
                if !begun {
                    begun = true
                    quote = scalar
                } else if scalar == quote, text.unicodeScalars.last != "\\" {
                    ended = true
                }
            } else if scalar == ")", begun == ended {
                break
            }
            text.unicodeScalars.append(scalar)
        }
        guard next() == "]" else { throw JSONPathParseFailure(message: "unclosed array expect ]") }
        let operators: Set<Unicode.Scalar> = ["!", "<", ">", "="]
        let scalars = Array(text.unicodeScalars)
        if let opStart = scalars.firstIndex(where: { operators.contains($0) }), opStart > 0 {
            var opEnd = opStart
            while opEnd < scalars.count, operators.contains(scalars[opEnd]) { opEnd += 1 }
            if opEnd < scalars.count {
                let left = String(String.UnicodeScalarView(scalars[..<opStart]))
                let op = String(String.UnicodeScalarView(scalars[opStart..<opEnd]))
                let right = String(String.UnicodeScalarView(scalars[opEnd...]))
                return JSONPathFilter(
                    left: try Self.parseExpression(left), op: op, right: try Self.parseExpression(right))
            }
        }
        return JSONPathFilter(left: try Self.parseExpression(text), op: "exists", right: [])
    }

    // MARK: Scanning

    private func peek() -> Unicode.Scalar? {
        position < input.count ? input[position] : nil
    }

    private mutating func next() -> Unicode.Scalar? {
        guard position < input.count else { return nil }
        position += 1
        return input[position - 1]
    }

    private func hasPrefix(_ prefix: String) -> Bool {
        let scalars = Array(prefix.unicodeScalars)
        guard position + scalars.count <= input.count else { return false }
        return Array(input[position..<(position + scalars.count)]) == scalars
    }

    static func isTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\r", "\n", ".", ",", "[", "]", "$", "@", "{", "}": return true
        default: return false
        }
    }

    static func isAlphaNumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
    }
}
