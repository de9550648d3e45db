/// A parser for the Prometheus text exposition format 0.0.4.
///
/// Accepts `# HELP` and `# TYPE` lines, other comments, blank lines, and sample lines
/// `name{label="value",…} value [timestamp_ms]` with the escapes `\\`, `\"` and `\n` in label values and
/// `NaN`, `+Inf`, `-Inf` as values. Histogram and summary series (`_bucket`, `_sum`, `_count`, `quantile`)
/// are plain samples grouped under their family. Errors name the 1-based line.
public enum ExpositionParser {
    /// Parses a whole exposition into families in order of first appearance.
    public static func parse(_ text: String) throws(ExpositionError) -> [MetricFamily] {
        var builder = FamilyBuilder()
        var lineNumber = 0
        let bytes = Array(text.utf8)
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            var cursor = ByteCursor(bytes: bytes, position: start, end: end, line: lineNumber)
            if end > start && bytes[end - 1] == UInt8(ascii: "\r") { cursor.end -= 1 }
            try parseLine(&cursor, into: &builder)
            start = end + 1
        }
        return builder.families
    }

    /// Parses an exposition and returns its samples, flattened in input order.
    public static func parseSamples(_ text: String) throws(ExpositionError) -> [ExpositionSample] {
        try parse(text).flatMap(\.samples)
    }

    private static func parseLine(_ cursor: inout ByteCursor, into builder: inout FamilyBuilder) throws(ExpositionError)
    {
        cursor.skipSpaces()
        guard let first = cursor.peek else { return }
        if first == UInt8(ascii: "#") {
            cursor.advance()
            try parseComment(&cursor, into: &builder)
            return
        }
        let sample = try parseSample(&cursor)
        builder.add(sample)
    }

    private static func parseComment(
        _ cursor: inout ByteCursor, into builder: inout FamilyBuilder
    ) throws(ExpositionError) {
        cursor.skipSpaces()
        let keyword = cursor.readWhile { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        guard keyword == "HELP" || keyword == "TYPE" else { return }
        cursor.skipSpaces()
        let name = cursor.readWhile(isNameByte)
        guard !name.isEmpty, isValidMetricName(name) else {
            throw cursor.error("invalid metric name in \(keyword) line")
        }
        if keyword == "TYPE" {
            cursor.skipSpaces()
            let typeName = cursor.readWhile { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            cursor.skipSpaces()
            guard cursor.isAtEnd else { throw cursor.error("unexpected text after type \"\(typeName)\"") }
            guard let type = MetricType(rawValue: typeName) else {
                throw cursor.error("invalid metric type \"\(typeName)\"")
            }
            try builder.declareType(type, for: name, line: cursor.line)
        } else {
            if !cursor.isAtEnd && !cursor.skipOneSpace() {
                throw cursor.error("expected a space after the metric name in HELP line")
            }
            let raw = cursor.readRest()
            try builder.declareHelp(unescapeHelp(raw), for: name, line: cursor.line)
        }
    }

    private static func parseSample(_ cursor: inout ByteCursor) throws(ExpositionError) -> ExpositionSample {
        let name = cursor.readWhile(isNameByte)
        guard !name.isEmpty, isValidMetricName(name) else {
            throw cursor.error("invalid metric name at \"\(cursor.preview)\"")
        }
        var pairs: [MetricLabel] = [MetricLabel(name: MetricLabels.metricNameLabel, value: name)]
        var spaces = cursor.skipSpaces()
        if cursor.peek == UInt8(ascii: "{") {
            cursor.advance()
            try parseLabels(&cursor, into: &pairs)
            spaces = cursor.skipSpaces()
        }
        guard spaces > 0 else {
            throw cursor.isAtEnd
                ? cursor.error("expected a value after metric \"\(name)\"")
                : cursor.error("expected a space before the value, found \"\(cursor.preview)\"")
        }
        let valueText = cursor.readWhile { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        guard let value = parseValue(valueText) else {
            throw cursor.error(
                valueText.isEmpty ? "expected a value after metric \"\(name)\"" : "invalid value \"\(valueText)\"")
        }
        cursor.skipSpaces()
        var timestamp: Int64?
        if !cursor.isAtEnd {
            let text = cursor.readWhile { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            guard let parsed = Int64(text) else { throw cursor.error("invalid timestamp \"\(text)\"") }
            timestamp = parsed
            cursor.skipSpaces()
            guard cursor.isAtEnd else { throw cursor.error("unexpected text after timestamp: \"\(cursor.preview)\"") }
        }
        pairs.sort()
        return ExpositionSample(
            labels: MetricLabels(sortedUnchecked: pairs.filter { !$0.value.isEmpty }),
            value: value, timestampMs: timestamp)
    }

    private static func parseLabels(_ cursor: inout ByteCursor, into pairs: inout [MetricLabel]) throws(ExpositionError)
    {
        var seen: Set<String> = []
        while true {
            cursor.skipSpaces()
            if cursor.peek == UInt8(ascii: "}") {
                cursor.advance()
                return
            }
            let labelName = cursor.readWhile(isNameByte)
            guard !labelName.isEmpty, isValidLabelName(labelName) else {
                throw cursor.error(
                    cursor.isAtEnd ? "unterminated label set" : "invalid label name at \"\(cursor.preview)\"")
            }
            guard seen.insert(labelName).inserted, labelName != MetricLabels.metricNameLabel else {
                throw cursor.error("duplicate label name \"\(labelName)\"")
            }
            cursor.skipSpaces()
            guard cursor.peek == UInt8(ascii: "=") else {
                throw cursor.error("expected \"=\" after label name \"\(labelName)\"")
            }
            cursor.advance()
            cursor.skipSpaces()
            guard cursor.peek == UInt8(ascii: "\"") else {
                throw cursor.error("expected a quoted value for label \"\(labelName)\"")
            }
            cursor.advance()
            let value = try readQuoted(&cursor, labelName: labelName)
            pairs.append(MetricLabel(name: labelName, value: value))
            cursor.skipSpaces()
            switch cursor.peek {
            case UInt8(ascii: ","): cursor.advance()
            case UInt8(ascii: "}"): continue
            case nil: throw cursor.error("unterminated label set")
            default:
                throw cursor.error("expected \",\" or \"}\" after label \"\(labelName)\", found \"\(cursor.preview)\"")
            }
        }
    }

    private static func readQuoted(_ cursor: inout ByteCursor, labelName: String) throws(ExpositionError) -> String {
        var out: [UInt8] = []
        while let byte = cursor.peek {
            cursor.advance()
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let next = cursor.peek else { break }
                cursor.advance()
                switch next {
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                default:
                    throw cursor.error(
                        "invalid escape sequence \"\\\(Character(Unicode.Scalar(next)))\" in label \"\(labelName)\"")
                }
            default:
                out.append(byte)
            }
        }
        throw cursor.error("unterminated quoted value for label \"\(labelName)\"")
    }

    /// Parses a sample value as Go's `ParseFloat` does for the exposition format.
    static func parseValue(_ text: String) -> Double? {
        switch text.lowercased() {
        case "nan": return .nan
        case "+inf", "inf": return .infinity
        case "-inf": return -.infinity
        case "": return nil
        default:
            let lowered = text.lowercased()
            if lowered.contains("inf") || lowered.contains("nan") || lowered.hasPrefix("0x") { return nil }
            return Double(text)
        }
    }

    private static func unescapeHelp(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": out.append("\n")
                case "\\": out.append("\\")
                default: out.append("\\"); out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        if escaping { out.append("\\") }
        return out
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }

    /// Whether a string is a valid metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
    public static func isValidMetricName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
        return name.utf8.allSatisfy(isNameByte)
    }

    /// Whether a string is a valid label name (`[a-zA-Z_][a-zA-Z0-9_]*`).
    public static func isValidLabelName(_ name: String) -> Bool {
        isValidMetricName(name) && !name.contains(":")
    }
}
