import Foundation

extension PythonCallParser {
    mutating func number() throws(CallSyntaxError) -> JSONValue {
        let start = index
        var text = ""
        if let sign = peek(), sign == "-" || sign == "+" {
            text.unicodeScalars.append(sign)
            index += 1
            skipTrivia()
        }
        var body = ""
        while let scalar = peek() {
            let isExponentSign =
                (scalar == "+" || scalar == "-") && (body.hasSuffix("e") || body.hasSuffix("E"))
                && !body.lowercased().hasPrefix("0x")
            guard
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "."
                    || isExponentSign
            else { break }
            body.unicodeScalars.append(scalar)
            index += 1
        }
        body = body.replacingOccurrences(of: "_", with: "")
        let negative = text == "-"
        let lower = body.lowercased()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) {
            guard let magnitude = Int64(lower.dropFirst(2), radix: radix) else {
                throw fail("`\(snippet(start))` \(location(start)) is not a valid number.")
            }
            return .int(negative ? -magnitude : magnitude)
        }
        if lower.contains(".") || lower.contains("e") {
            guard let double = Double(lower), double.isFinite, lower.first != "e" else {
                throw fail("`\(snippet(start))` \(location(start)) is not a valid number.")
            }
            return .double(negative ? -double : double)
        }
        guard !lower.isEmpty, lower.allSatisfy(\.isNumber), let magnitude = Int64(lower) else {
            let reason = lower.allSatisfy(\.isNumber) && !lower.isEmpty ? "is too large" : "is not a valid number"
            throw fail("`\(snippet(start))` \(location(start)) \(reason).")
        }
        return .int(negative ? -magnitude : magnitude)
    }

    mutating func concatenatedStrings(raw: Bool) throws(CallSyntaxError) -> JSONValue {
        var result = try string(raw: raw)
        while true {
            let save = index
            skipTrivia()
            if peek() == "\"" || peek() == "'" {
                result += try string(raw: false)
            } else if let word = identifier(), ["r", "R", "u", "U"].contains(word), peek() == "\"" || peek() == "'" {
                result += try string(raw: word.lowercased() == "r")
            } else {
                index = save
                return .string(result)
            }
        }
    }

    mutating func string(raw: Bool) throws(CallSyntaxError) -> String {
        let start = index
        guard let quote = peek() else { throw fail("Expected a string.") }
        let triple = peek(1) == quote && peek(2) == quote
        index += triple ? 3 : 1
        var out = String.UnicodeScalarView()
        let closer = triple ? "three `\(quote)`" : "`\(quote)`"
        let unterminated = "Unterminated string starting \(location(start)); close it with \(closer)."
        while true {
            guard let scalar = peek() else { throw fail(unterminated) }
            if scalar == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                index += triple ? 3 : 1
                return String(out)
            }
            if scalar == "\n" && !triple { throw fail(unterminated) }
            index += 1
            guard scalar == "\\" else {
                out.append(scalar)
                continue
            }
            guard let escaped = peek() else { throw fail(unterminated) }
            index += 1
            if raw {
                out.append("\\")
                out.append(escaped)
                continue
            }
            switch escaped {
            case "\n": break
            case "\\", "'", "\"": out.append(escaped)
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "v": out.append("\u{0B}")
            case "x", "u", "U":
                let width = escaped == "x" ? 2 : escaped == "u" ? 4 : 8
                let digits = String(String.UnicodeScalarView(scalars[index..<min(index + width, scalars.count)]))
                guard digits.count == width, let code = UInt32(digits, radix: 16), let char = Unicode.Scalar(code)
                else { throw fail("Invalid `\\\(escaped)` escape \(location(index - 2)).") }
                out.append(char)
                index += width
            case "0"..."7":
                var code = escaped.value - 48
                var count = 1
                while count < 3, let next = peek(), ("0"..."7").contains(next) {
                    code = code * 8 + next.value - 48
                    index += 1
                    count += 1
                }
                out.append(Unicode.Scalar(code) ?? "?")
            default:
                out.append("\\")
                out.append(escaped)
            }
        }
    }
}
