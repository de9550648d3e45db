import OpsLabCore

/// A block-style YAML writer that reproduces go-yaml v2's emitter: its indentation rules, scalar styles and
/// line folding at column 80.
struct YAMLEmitter {
    private(set) var output = ""
    private var column = 0
    private var whitespace = true
    private var indention = true
    private let bestWidth = 80

    /// Writes one document; the output always ends with a newline.
    mutating func emitDocument(_ value: JSONValue) {
        emitNode(value, indent: 0, inMapping: false)
        if !output.hasSuffix("\n") { putBreak() }
    }

    // MARK: Structure

    private mutating func emitNode(_ value: JSONValue, indent: Int, inMapping: Bool) {
        switch value {
        case .object(let members) where !members.isEmpty:
            emitMapping(members, indent: indent)
        case .array(let items) where !items.isEmpty:
            emitSequence(items, indent: indent)
        case .object:
            writeIndicator("{}", needWhitespace: true)
        case .array:
            writeIndicator("[]", needWhitespace: true)
        case .null:
            writePlain("null", indent: indent, allowBreaks: true)
        case .bool(let flag):
            writePlain(flag ? "true" : "false", indent: indent, allowBreaks: true)
        case .int(let number):
            writePlain(String(number), indent: indent, allowBreaks: true)
        case .double(let number):
            writePlain(GoNumberFormat.yaml(number), indent: indent, allowBreaks: true)
        case .string(let text):
            writeString(text, indent: indent, isKey: false)
        }
    }

    /// A block mapping whose keys sit at `indent`.
    private mutating func emitMapping(_ members: [String: JSONValue], indent: Int) {
        for key in members.keys.sorted(by: YAMLKeyOrder.less) {
            writeIndent(indent)
            writeString(key, indent: indent, isKey: true)
            writeIndicator(":", needWhitespace: false)
            guard let value = members[key] else { continue }
            switch value {
            case .object(let nested) where !nested.isEmpty:
                emitMapping(nested, indent: indent + 2)
            case .array(let items) where !items.isEmpty:
                // Sequences inside a mapping are "indentless": the dashes line up with the keys.
                emitSequence(items, indent: indent)
            default:
                emitNode(value, indent: indent + 2, inMapping: true)
            }
        }
    }

    /// A block sequence whose dashes sit at `indent`.
    private mutating func emitSequence(_ items: [JSONValue], indent: Int) {
        for item in items {
            writeIndent(indent)
            writeIndicator("-", needWhitespace: true, isIndention: true)
            switch item {
            case .object(let nested) where !nested.isEmpty: emitMapping(nested, indent: indent + 2)
            case .array(let nested) where !nested.isEmpty: emitSequence(nested, indent: indent + 2)
            default: emitNode(item, indent: indent + 2, inMapping: false)
            }
        }
    }

    // MARK: Scalars

    /// A string in the style go-yaml chooses; `indent` is where folded continuation lines start.
    private mutating func writeString(_ text: String, indent: Int, isKey: Bool) {
        switch YAMLScalar.style(for: text, isKey: isKey) {
        case .plain: writePlain(text, indent: indent, allowBreaks: !isKey)
        case .singleQuoted: writeSingleQuoted(text, indent: indent, allowBreaks: !isKey)
        case .doubleQuoted: writeDoubleQuoted(text, indent: indent, allowBreaks: !isKey)
        case .literal: writeLiteral(text, indent: indent)
        }
    }

    private mutating func writePlain(_ text: String, indent: Int, allowBreaks: Bool) {
        if !whitespace { put(" ") }
        let scalars = Array(text.unicodeScalars)
        var spaces = false
        for (index, scalar) in scalars.enumerated() {
            if scalar == " " {
                let nextIsSpace = index + 1 < scalars.count && scalars[index + 1] == " "
                if allowBreaks, !spaces, column > bestWidth, !nextIsSpace {
                    writeIndent(indent)
                } else {
                    put(scalar)
                }
                spaces = true
            } else {
                put(scalar)
                indention = false
                spaces = false
            }
        }
        whitespace = false
        indention = false
    }

    private mutating func writeSingleQuoted(_ text: String, indent: Int, allowBreaks: Bool) {
        writeIndicator("'", needWhitespace: true)
        let scalars = Array(text.unicodeScalars)
        var spaces = false
        for (index, scalar) in scalars.enumerated() {
            if scalar == " " {
                let nextIsSpace = index + 1 < scalars.count && scalars[index + 1] == " "
                if allowBreaks, !spaces, column > bestWidth, index > 0, index < scalars.count - 1, !nextIsSpace {
                    writeIndent(indent)
                } else {
                    put(scalar)
                }
                spaces = true
            } else {
                if scalar == "'" { put("'") }
                put(scalar)
                indention = false
                spaces = false
            }
        }
        writeIndicator("'", needWhitespace: false)
        whitespace = false
        indention = false
    }

    private mutating func writeDoubleQuoted(_ text: String, indent: Int, allowBreaks: Bool) {
        writeIndicator("\"", needWhitespace: true)
        let scalars = Array(text.unicodeScalars)
        var spaces = false
        for (index, scalar) in scalars.enumerated() {
            if !YAMLScalar.isPrintable(scalar) || scalar.value == 0xFEFF || YAMLScalar.isBreak(scalar)
                || scalar == "\"" || scalar == "\\"
            {
                putEscaped(scalar)
                spaces = false
            } else if scalar == " " {
                if allowBreaks, !spaces, column > bestWidth, index != 0, index != scalars.count - 1 {
                    writeIndent(indent)
                    if index + 1 < scalars.count, scalars[index + 1] == " " { put("\\") }
                } else {
                    put(scalar)
                }
                spaces = true
            } else {
                put(scalar)
                spaces = false
            }
        }
        writeIndicator("\"", needWhitespace: false)
        whitespace = false
        indention = false
    }

    private mutating func putEscaped(_ scalar: Unicode.Scalar) {
        put("\\")
        switch scalar.value {
        case 0x00: put("0")
        case 0x07: put("a")
        case 0x08: put("b")
        case 0x09: put("t")
        case 0x0A: put("n")
        case 0x0B: put("v")
        case 0x0C: put("f")
        case 0x0D: put("r")
        case 0x1B: put("e")
        case 0x22: put("\"")
        case 0x5C: put("\\")
        case 0x85: put("N")
        case 0xA0: put("_")
        case 0x2028: put("L")
        case 0x2029: put("P")
        default:
            let (marker, width): (Unicode.Scalar, Int) =
                scalar.value <= 0xFF ? ("x", 2) : scalar.value <= 0xFFFF ? ("u", 4) : ("U", 8)
            put(marker)
            let hex = String(scalar.value, radix: 16, uppercase: true)
            for digit in (String(repeating: "0", count: max(0, width - hex.count)) + hex).unicodeScalars {
                put(digit)
            }
        }
    }

    private mutating func writeLiteral(_ text: String, indent: Int) {
        writeIndicator("|", needWhitespace: true)
        let scalars = Array(text.unicodeScalars)
        if let first = scalars.first, first == " " || YAMLScalar.isBreak(first) {
            writeIndicator("2", needWhitespace: false)
        }
        if let last = scalars.last {
            if !YAMLScalar.isBreak(last) {
                writeIndicator("-", needWhitespace: false)
            } else if scalars.count == 1 || YAMLScalar.isBreak(scalars[scalars.count - 2]) {
                writeIndicator("+", needWhitespace: false)
            }
        }
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        for scalar in scalars {
            if YAMLScalar.isBreak(scalar) {
                putBreak()
                indention = true
                breaks = true
            } else {
                if breaks {
                    writeIndent(indent)
                    breaks = false
                }
                put(scalar)
                indention = false
            }
        }
    }

    // MARK: Primitives

    private mutating func put(_ scalar: Unicode.Scalar) {
        output.unicodeScalars.append(scalar)
        column += 1
    }

    private mutating func putBreak() {
        output += "\n"
        column = 0
        indention = true
    }

    private mutating func writeIndicator(
        _ indicator: String, needWhitespace: Bool, isWhitespace: Bool = false, isIndention: Bool = false
    ) {
        if needWhitespace, !whitespace { put(" ") }
        for scalar in indicator.unicodeScalars { put(scalar) }
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    private mutating func writeIndent(_ indent: Int) {
        if !indention || column > indent || (column == indent && !whitespace) { putBreak() }
        while column < indent { put(" ") }
        whitespace = true
        indention = true
    }
}
