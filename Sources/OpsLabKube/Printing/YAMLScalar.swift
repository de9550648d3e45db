/// How go-yaml v2 decides to write a string: its resolver (would the plain text read back as another type?)
/// and the emitter's scalar analysis (which styles are allowed for the text).
struct YAMLScalar {
    /// The styles go-yaml writes scalars in.
    enum Style { case plain, singleQuoted, doubleQuoted, literal }

    var blockPlainAllowed = true
    var singleQuotedAllowed = true
    var blockAllowed = true
    var multiline = false

    /// The style go-yaml picks for a string; `isKey` is the simple-key context of mapping keys.
    static func style(for text: String, isKey: Bool) -> Style {
        let analysis = YAMLScalar(analyzing: text)
        var style: Style
        if text.contains("\n") {
            style = .literal
        } else if resolvesToNonString(text) || isBase60Float(text) {
            style = .doubleQuoted
        } else {
            style = .plain
        }
        if style == .plain, !analysis.blockPlainAllowed || (text.isEmpty && isKey) { style = .singleQuoted }
        if style == .singleQuoted, !analysis.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal, !analysis.blockAllowed || isKey { style = .doubleQuoted }
        return style
    }

    /// `yaml_emitter_analyze_scalar`, for the block (non-flow) context.
    init(analyzing text: String) {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else {
            blockAllowed = false
            return
        }
        var blockIndicators = false
        if text.hasPrefix("---") || text.hasPrefix("...") { blockIndicators = true }
        var specialCharacters = false, lineBreaks = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false
        var precededByWhitespace = true, previousSpace = false, previousBreak = false
        for (index, scalar) in scalars.enumerated() {
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            let followedByWhitespace = next == nil || next == " " || next == "\t"
            if index == 0 {
                switch scalar {
                case "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
                    blockIndicators = true
                case "?", ":":
                    if followedByWhitespace { blockIndicators = true }
                case "-":
                    if followedByWhitespace { blockIndicators = true }
                default: break
                }
            } else {
                switch scalar {
                case ":": if followedByWhitespace { blockIndicators = true }
                case "#": if precededByWhitespace { blockIndicators = true }
                default: break
                }
            }
            if !Self.isPrintable(scalar) { specialCharacters = true }
            let isBreak = Self.isBreak(scalar)
            if scalar == " " {
                if index == 0 { leadingSpace = true }
                if index == scalars.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if isBreak {
                lineBreaks = true
                if index == 0 { leadingBreak = true }
                if index == scalars.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = scalar == " " || scalar == "\t" || isBreak
        }
        multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { blockPlainAllowed = false }
        if trailingSpace { blockAllowed = false }
        if breakSpace {
            blockPlainAllowed = false
            singleQuotedAllowed = false
        }
        if spaceBreak || specialCharacters {
            blockPlainAllowed = false
            singleQuotedAllowed = false
            blockAllowed = false
        }
        if lineBreaks { blockPlainAllowed = false }
        if blockIndicators { blockPlainAllowed = false }
    }

    /// go-yaml's `is_printable` (tabs, carriage returns and characters beyond U+FFFF are not printable).
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value == 0x0A || (0x20...0x7E).contains(value) || (0xA0...0xD7FF).contains(value)
            || ((0xE000...0xFFFD).contains(value) && value != 0xFEFF)
    }

    /// go-yaml's `is_break`: CR, LF, NEL, LS, PS.
    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        [0x0D, 0x0A, 0x85, 0x2028, 0x2029].contains(scalar.value)
    }

    /// Whether go-yaml's resolver reads the plain text as something other than a string (bool, null, int,
    /// float, timestamp, merge key).
    static func resolvesToNonString(_ text: String) -> Bool {
        let reserved: Set<String> = [
            "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
            "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
            "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
            "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
        ]
        if reserved.contains(text) { return true }
        guard let first = text.unicodeScalars.first else { return true }
        if first == "." { return isGoFloat(text) }
        guard first == "+" || first == "-" || ("0"..."9").contains(first) else { return false }
        if isTimestamp(text) { return true }
        let plain = text.replacingOccurrences(of: "_", with: "")
        if isGoInteger(plain) { return true }
        if isGoFloat(plain) { return true }
        if plain.hasPrefix("0b") || plain.hasPrefix("-0b") {
            let digits = plain.drop { $0 != "b" }.dropFirst()
            return !digits.isEmpty && digits.allSatisfy { $0 == "0" || $0 == "1" }
        }
        return false
    }

    /// `strconv.ParseInt(text, 0, 64)` or `ParseUint` succeeding: decimal, `0x`, `0o`, `0b` or leading-zero octal.
    static func isGoInteger(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        let lower = body.lowercased()
        func all(_ digits: Substring, in allowed: String) -> Bool {
            !digits.isEmpty && digits.allSatisfy { allowed.contains($0) }
        }
        let value: Bool
        if lower.hasPrefix("0x") {
            value = all(Substring(lower.dropFirst(2)), in: "0123456789abcdef")
        } else if lower.hasPrefix("0o") {
            value = all(Substring(lower.dropFirst(2)), in: "01234567")
        } else if lower.hasPrefix("0b") {
            value = all(Substring(lower.dropFirst(2)), in: "01")
        } else if lower.hasPrefix("0"), lower.count > 1 {
            value = all(Substring(lower.dropFirst()), in: "01234567")
        } else {
            value = all(Substring(lower), in: "0123456789")
        }
        // Values beyond 64 bits fail to parse in Go; they then still match the float pattern if decimal.
        return value
    }

    /// go-yaml's float pattern `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isGoFloat(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        func digits() -> Int {
            let count = rest.prefix { ("0"..."9").contains($0) }.count
            rest = rest.dropFirst(count)
            return count
        }
        if rest.first == "." {
            rest = rest.dropFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if rest.first == "." {
                rest = rest.dropFirst()
                _ = digits()
            }
        }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return rest.isEmpty
    }

    /// go-yaml's timestamp formats: `2006-1-2`, `2006-1-2T15:4:5[.9]Z07:00` (also `t`), `2006-1-2 15:4:5[.9]`.
    static func isTimestamp(_ text: String) -> Bool {
        let chars = Array(text)
        var index = 0
        func number(min: Int, max: Int) -> Int? {
            let start = index
            while index < chars.count, chars[index].isASCII, chars[index].isNumber, index - start < max { index += 1 }
            return index - start >= min ? Int(String(chars[start..<index])) : nil
        }
        func take(_ character: Character) -> Bool {
            guard index < chars.count, chars[index] == character else { return false }
            index += 1
            return true
        }
        guard number(min: 4, max: 4) != nil, take("-"), let month = number(min: 1, max: 2), take("-"),
            let day = number(min: 1, max: 2), (1...12).contains(month), (1...31).contains(day)
        else { return false }
        if index == chars.count { return true }
        let separator = chars[index]
        guard separator == "T" || separator == "t" || separator == " " else { return false }
        index += 1
        guard let hour = number(min: 1, max: 2), take(":"), let minute = number(min: 1, max: 2), take(":"),
            let second = number(min: 1, max: 2), hour < 24, minute < 60, second < 60
        else { return false }
        if take(".") { guard number(min: 1, max: 9) != nil else { return false } }
        if separator == " " { return index == chars.count }
        if take("Z") { return index == chars.count }
        guard index < chars.count, chars[index] == "+" || chars[index] == "-" else { return false }
        index += 1
        guard number(min: 2, max: 2) != nil, take(":"), number(min: 2, max: 2) != nil else { return false }
        return index == chars.count
    }

    /// go-yaml's sexagesimal float check (`190:20:30.15`), which forces quotes for YAML 1.1 readers.
    static func isBase60Float(_ text: String) -> Bool {
        guard let first = text.first, "+-0123456789".contains(first), text.contains(":") else { return false }
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        var fraction: Substring = ""
        if let dot = body.firstIndex(of: ".") {
            fraction = body[body.index(after: dot)...]
            body = body[..<dot]
        }
        guard fraction.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) else { return false }
        let groups = body.split(separator: ":", omittingEmptySubsequences: false)
        guard let head = groups.first, let headFirst = head.first, headFirst.isASCII, headFirst.isNumber,
            head.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") })
        else { return false }
        for group in groups.dropFirst() {
            guard (1...2).contains(group.count), group.allSatisfy({ $0.isASCII && $0.isNumber }),
                group.count == 1 || (group.first.map { $0 <= "5" } ?? false)
            else { return false }
        }
        return groups.count > 1
    }
}
