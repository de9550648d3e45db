import OpsLabCore

/// JSON as `kubectl -o json` prints it (Go's `json.MarshalIndent(obj, "", "    ")` plus a newline).
///
/// Keys are sorted by byte order, `"key": value` with a 4-space indent, empty containers as `{}` / `[]`, slashes
/// unescaped, and Go's HTML-safe escapes for `<`, `>`, `&`, U+2028 and U+2029.
public enum JSONPrinter {
    /// The indented JSON text of a value, ending with a newline.
    public static func render(_ value: JSONValue) -> String {
        var output = ""
        write(value, indent: "", into: &output)
        output += "\n"
        return output
    }

    /// Compact JSON (`json.Marshal`), as jsonpath prints objects and arrays.
    public static func compact(_ value: JSONValue) -> String {
        var output = ""
        writeCompact(value, into: &output)
        return output
    }

    private static func write(_ value: JSONValue, indent: String, into output: inout String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            let inner = indent + "    "
            output += "{\n"
            for (offset, key) in sortedKeys(members).enumerated() {
                if offset > 0 { output += ",\n" }
                output += inner
                appendString(key, into: &output)
                output += ": "
                write(members[key] ?? .null, indent: inner, into: &output)
            }
            output += "\n" + indent + "}"
        case .array(let items) where !items.isEmpty:
            let inner = indent + "    "
            output += "[\n"
            for (offset, item) in items.enumerated() {
                if offset > 0 { output += ",\n" }
                output += inner
                write(item, indent: inner, into: &output)
            }
            output += "\n" + indent + "]"
        default:
            writeCompact(value, into: &output)
        }
    }

    private static func writeCompact(_ value: JSONValue, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += GoNumberFormat.json(number)
        case .string(let text): appendString(text, into: &output)
        case .array(let items):
            output += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { output += "," }
                writeCompact(item, into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (offset, key) in sortedKeys(members).enumerated() {
                if offset > 0 { output += "," }
                appendString(key, into: &output)
                output += ":"
                writeCompact(members[key] ?? .null, into: &output)
            }
            output += "}"
        }
    }

    /// Keys in Go's order for `map[string]…`: byte-wise on UTF-8.
    static func sortedKeys(_ members: [String: JSONValue]) -> [String] {
        members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// A JSON string literal with Go `encoding/json` escaping.
    static func appendString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x08: output += "\\b"
            case 0x0C: output += "\\f"
            case 0x3C: output += "\\u003c"
            case 0x3E: output += "\\u003e"
            case 0x26: output += "\\u0026"
            case 0x2028: output += "\\u2028"
            case 0x2029: output += "\\u2029"
            case 0..<0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
