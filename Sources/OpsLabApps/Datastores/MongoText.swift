import Foundation
import OpsLabCore

/// Prints values the way MongoDB's server messages and the legacy shell do.
public enum MongoText {
    /// BSON `toString()` style, as in server error messages: `{ count: "geo", query: {} }`.
    public static func format(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return formatDouble(number)
        case .string(let text): return quote(text)
        case .array(let items):
            return items.isEmpty ? "[]" : "[ " + items.map(format).joined(separator: ", ") + " ]"
        case .object(let members):
            if let oid = members["$oid"]?.stringValue, members.count == 1 { return "ObjectId('\(oid)')" }
            return formatFields(members.keys.sorted().map { ($0, members[$0]!) })
        }
    }

    /// An ordered document in BSON `toString()` style.
    public static func formatFields(_ fields: [(String, JSONValue)]) -> String {
        fields.isEmpty ? "{}" : "{ " + fields.map { "\($0.0): \(format($0.1))" }.joined(separator: ", ") + " }"
    }

    /// A double as the shell prints it (`109`, `123.17`).
    public static func formatDouble(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// A double-quoted string with `"` and `\` escaped.
    public static func quote(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
