import Foundation
import OpsLabCore

/// Prints values as the legacy mongo shell's `tojson` does: `"key" : value`, tabs, `ObjectId("…")`.
///
/// JSON objects are unordered here, so keys print in a fixed order: `_id` first, then the fields of users
/// and roles in MongoDB's order, then the rest sorted.
public enum MongoShellFormat {
    static let preferredOrder = [
        "_id", "userId", "user", "role", "db", "roles", "mechanisms", "n", "nModified", "ok", "errmsg", "code",
        "codeName", "acknowledged", "insertedId", "insertedIds", "matchedCount", "modifiedCount",
        "deletedCount", "upsertedId",
    ]

    /// The keys of an object in print order.
    public static func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        let preferred = preferredOrder.filter { members[$0] != nil }
        return preferred + members.keys.filter { !preferredOrder.contains($0) }.sorted()
    }

    /// Multi-line `tojson(value)` (objects and arrays across lines, tab-indented).
    public static func pretty(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "\t"
        switch value {
        case .array(let items):
            if items.isEmpty { return "[ ]" }
            return "[\n" + items.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let members):
            if let special = special(members) { return special }
            if members.isEmpty { return "{\n\n\(indent)}" }
            let lines = orderedKeys(members).map { key in
                "\(inner)\(MongoText.quote(key)) : \(pretty(members[key]!, indent: inner))"
            }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
        default:
            return scalar(value)
        }
    }

    /// One-line `tojson(value, "", true)`, as `find()` prints each document.
    public static func compact(_ value: JSONValue) -> String {
        switch value {
        case .array(let items):
            return items.isEmpty ? "[ ]" : "[ " + items.map(compact).joined(separator: ", ") + " ]"
        case .object(let members):
            if let special = special(members) { return special }
            if members.isEmpty { return "{  }" }
            let fields = orderedKeys(members).map { "\(MongoText.quote($0)) : \(compact(members[$0]!))" }
            return "{ " + fields.joined(separator: ", ") + " }"
        default:
            return scalar(value)
        }
    }

    /// A value as `print()` shows it: strings bare, everything else as ``pretty(_:indent:)``.
    public static func printed(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return pretty(value)
    }

    static func special(_ members: [String: JSONValue]) -> String? {
        guard members.count == 1, let (key, value) = members.first, let text = value.stringValue else { return nil }
        switch key {
        case "$oid": return "ObjectId(\"\(text)\")"
        case "$uuid": return "UUID(\"\(text)\")"
        case "$date": return "ISODate(\"\(text)\")"
        default: return nil
        }
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return MongoText.formatDouble(number)
        case .string(let text): return MongoText.quote(text)
        default: return compact(value)
        }
    }
}
