/// Splits a PromQL expression into tokens.
struct PromQLLexer {
    private let bytes: [UInt8]
    private let query: String
    private var position = 0

    init(_ query: String) {
        self.query = query
        bytes = Array(query.utf8)
    }

    /// All tokens, ending with `.end`.
    static func tokenize(_ query: String) throws(PromQLError) -> [PromQLToken] {
        var lexer = PromQLLexer(query)
        var tokens: [PromQLToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func byte(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func text(from start: Int) -> String { String(decoding: bytes[start..<position], as: UTF8.self) }

    private func error(_ message: String, at offset: Int) -> PromQLError {
        PromQLError.parse(message, query: query, position: offset)
    }

    mutating func next() throws(PromQLError) -> PromQLToken {
        while let current = byte() {
            if current == UInt8(ascii: "#") {
                while let b = byte(), b != UInt8(ascii: "\n") { position += 1 }
            } else if current == 0x20 || current == 0x09 || current == 0x0a || current == 0x0d {
                position += 1
            } else {
                break
            }
        }
        let start = position
        guard let current = byte() else { return PromQLToken(kind: .end, position: start, text: "") }
        func single(_ kind: PromQLToken.Kind) -> PromQLToken {
            position += 1
            return PromQLToken(kind: kind, position: start, text: text(from: start))
        }
        switch current {
        case UInt8(ascii: "("): return single(.leftParen)
        case UInt8(ascii: ")"): return single(.rightParen)
        case UInt8(ascii: "{"): return single(.leftBrace)
        case UInt8(ascii: "}"): return single(.rightBrace)
        case UInt8(ascii: "["): return single(.leftBracket)
        case UInt8(ascii: "]"): return single(.rightBracket)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: ":") where !(byte(1).map(Self.isIdentifierStart) ?? false): return single(.colon)
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"): return try lexString()
        default: break
        }
        if let op = lexOperator() { return PromQLToken(kind: .op(op), position: start, text: op) }
        if Self.isDigit(current) || (current == UInt8(ascii: ".") && byte(1).map(Self.isDigit) == true) {
            return try lexNumberOrDuration()
        }
        if Self.isIdentifierStart(current) {
            while let b = byte(), Self.isIdentifierByte(b) { position += 1 }
            let word = text(from: start)
            switch word.lowercased() {
            case "inf": return PromQLToken(kind: .number(.infinity), position: start, text: word)
            case "nan": return PromQLToken(kind: .number(.nan), position: start, text: word)
            default: return PromQLToken(kind: .identifier(word), position: start, text: word)
            }
        }
        throw error("unexpected character: '\(Character(Unicode.Scalar(current)))'", at: start)
    }

    private mutating func lexOperator() -> String? {
        let two = byte(1).map { String(decoding: [byte()!, $0], as: UTF8.self) } ?? ""
        for candidate in ["==", "!=", "=~", "!~", "<=", ">="] where two == candidate {
            position += 2
            return candidate
        }
        guard let current = byte() else { return nil }
        let symbol = String(Character(Unicode.Scalar(current)))
        guard ["+", "-", "*", "/", "%", "^", "<", ">", "=", "@"].contains(symbol) else { return nil }
        position += 1
        return symbol
    }

    private mutating func lexNumberOrDuration() throws(PromQLError) -> PromQLToken {
        let start = position
        if byte() == UInt8(ascii: "0"), let x = byte(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            position += 2
            while let b = byte(), Self.isHexDigit(b) { position += 1 }
            let literal = text(from: start)
            guard let value = UInt64(literal.dropFirst(2), radix: 16) else {
                throw error("bad number or duration syntax: \"\(literal)\"", at: start)
            }
            return PromQLToken(kind: .number(Double(value)), position: start, text: literal)
        }
        while let b = byte(), Self.isDigit(b) || b == UInt8(ascii: ".") { position += 1 }
        if let b = byte(), Self.durationUnitStart(b), !(b == UInt8(ascii: "e") || b == UInt8(ascii: "E")) {
            while let b = byte(), Self.isDigit(b) || Self.durationUnitStart(b) { position += 1 }
            let literal = text(from: start)
            guard let ms = PromQLDuration.parse(literal) else {
                throw error("bad number or duration syntax: \"\(literal)\"", at: start)
            }
            return PromQLToken(kind: .duration(ms), position: start, text: literal)
        }
        if let b = byte(), b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            position += 1
            if let sign = byte(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            while let b = byte(), Self.isDigit(b) { position += 1 }
        }
        let literal = text(from: start)
        if let b = byte(), Self.isIdentifierByte(b) {
            while let b = byte(), Self.isIdentifierByte(b) { position += 1 }
            throw error("bad number or duration syntax: \"\(text(from: start))\"", at: start)
        }
        guard let value = Double(literal) else {
            throw error("bad number or duration syntax: \"\(literal)\"", at: start)
        }
        return PromQLToken(kind: .number(value), position: start, text: literal)
    }

    private mutating func lexString() throws(PromQLError) -> PromQLToken {
        let start = position
        let quote = bytes[position]
        position += 1
        var out: [UInt8] = []
        while let b = byte() {
            position += 1
            if b == quote {
                return PromQLToken(
                    kind: .string(String(decoding: out, as: UTF8.self)), position: start, text: text(from: start))
            }
            if b == UInt8(ascii: "\n") && quote != UInt8(ascii: "`") { break }
            guard b == UInt8(ascii: "\\"), quote != UInt8(ascii: "`") else {
                out.append(b)
                continue
            }
            guard let escaped = byte() else { break }
            position += 1
            switch escaped {
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "v"): out.append(0x0b)
            case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(escaped)
            case UInt8(ascii: "x"):
                guard let hi = byte(), let lo = byte(1),
                    let value = UInt8(String(decoding: [hi, lo], as: UTF8.self), radix: 16)
                else { throw error("invalid escape sequence in string", at: position - 2) }
                position += 2
                out.append(value)
            case UInt8(ascii: "u"):
                let digits = 4
                guard position + digits <= bytes.count,
                    let scalarValue = UInt32(
                        String(decoding: bytes[position..<position + digits], as: UTF8.self), radix: 16),
                    let scalar = Unicode.Scalar(scalarValue)
                else { throw error("invalid escape sequence in string", at: position - 2) }
                position += digits
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("unknown escape sequence '\(Character(Unicode.Scalar(escaped)))'", at: position - 2)
            }
        }
        throw error("unterminated quoted string", at: start)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }
    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":")
    }
    static func isIdentifierByte(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }
    static func durationUnitStart(_ b: UInt8) -> Bool {
        [
            UInt8(ascii: "s"), UInt8(ascii: "m"), UInt8(ascii: "h"), UInt8(ascii: "d"), UInt8(ascii: "w"),
            UInt8(ascii: "y"),
        ]
        .contains(b)
    }
}
