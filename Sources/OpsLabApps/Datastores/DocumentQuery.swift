import Foundation
import OpsLabCore

/// MongoDB-style query matching and update application on JSON documents (pure functions).
///
/// Filters: equality on (dotted) fields, where an array field matches when it contains the value; the
/// operators `$eq`, `$ne`, `$in`, `$nin`, `$gt`, `$gte`, `$lt`, `$lte`, `$exists`; and top-level `$and`/`$or`.
/// Updates: `$set`, `$unset`, `$inc`, `$setOnInsert`, `$push`, or a replacement document.
public enum DocumentQuery {
    /// Whether `document` matches `filter` (`{}` or a non-object filter matches everything).
    public static func matches(_ document: JSONValue, _ filter: JSONValue) -> Bool {
        guard let conditions = filter.objectValue else { return true }
        for (key, condition) in conditions {
            switch key {
            case "$and":
                guard (condition.arrayValue ?? []).allSatisfy({ matches(document, $0) }) else { return false }
            case "$or":
                guard (condition.arrayValue ?? []).contains(where: { matches(document, $0) }) else { return false }
            default:
                guard matchesField(value(at: key, in: document), condition) else { return false }
            }
        }
        return true
    }

    /// The value at a dotted path, e.g. `address.city`.
    public static func value(at path: String, in document: JSONValue) -> JSONValue? {
        var current: JSONValue? = document
        for part in path.split(separator: ".") {
            if let index = Int(part), let array = current?.arrayValue {
                current = array.indices.contains(index) ? array[index] : nil
            } else {
                current = current?[String(part)]
            }
        }
        return current
    }

    /// Sets (or with `nil` removes) the value at a dotted path, creating objects on the way.
    public static func setValue(_ newValue: JSONValue?, at path: String, in document: inout JSONValue) {
        document[path: path.split(separator: ".").map(String.init)] = newValue
    }

    static func matchesField(_ actual: JSONValue?, _ condition: JSONValue) -> Bool {
        if let operators = condition.objectValue, let first = operators.keys.first, first.hasPrefix("$") {
            return operators.allSatisfy { name, operand in apply(name, operand, to: actual) }
        }
        return equalsOrContains(actual, condition)
    }

    static func apply(_ name: String, _ operand: JSONValue, to actual: JSONValue?) -> Bool {
        switch name {
        case "$eq": return equalsOrContains(actual, operand)
        case "$ne": return !equalsOrContains(actual, operand)
        case "$in": return (operand.arrayValue ?? []).contains { equalsOrContains(actual, $0) }
        case "$nin": return !(operand.arrayValue ?? []).contains { equalsOrContains(actual, $0) }
        case "$exists": return (actual != nil) == (operand.boolValue ?? (operand.intValue.map { $0 != 0 } ?? true))
        case "$gt", "$gte", "$lt", "$lte":
            guard let actual, let order = compare(actual, operand) else { return false }
            switch name {
            case "$gt": return order > 0
            case "$gte": return order >= 0
            case "$lt": return order < 0
            default: return order <= 0
            }
        default: return false
        }
    }

    /// Equality as MongoDB sees it: numbers compare by value, arrays match when they contain the value.
    static func equalsOrContains(_ actual: JSONValue?, _ expected: JSONValue) -> Bool {
        guard let actual else { return expected.isNull }
        if equal(actual, expected) { return true }
        if let items = actual.arrayValue, expected.arrayValue == nil {
            return items.contains { equal($0, expected) }
        }
        return false
    }

    /// Value equality with `1 == 1.0`.
    public static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let a = left.doubleValue, let b = right.doubleValue { return a == b }
        return left == right
    }

    /// Orders two numbers or two strings (-1, 0, 1), or `nil` when they are not comparable.
    public static func compare(_ left: JSONValue, _ right: JSONValue) -> Int? {
        if let a = left.doubleValue, let b = right.doubleValue { return a < b ? -1 : (a > b ? 1 : 0) }
        if let a = left.stringValue, let b = right.stringValue { return a < b ? -1 : (a > b ? 1 : 0) }
        return nil
    }

    /// Whether an update document uses operators (`$set`, …) rather than being a replacement.
    public static func isOperatorUpdate(_ update: JSONValue) -> Bool {
        update.objectValue?.keys.contains { $0.hasPrefix("$") } ?? false
    }

    /// Applies an update to a document; `inserting` also applies `$setOnInsert`. The `_id` never changes.
    public static func applyUpdate(
        _ update: JSONValue, to document: JSONValue, inserting: Bool
    ) throws
        -> JSONValue
    {
        guard isOperatorUpdate(update) else {
            var replacement = update.objectValue.map(JSONValue.object) ?? .emptyObject
            replacement["_id"] = document["_id"]
            return replacement
        }
        var result = document
        for (operation, fields) in update.objectValue ?? [:] {
            for (path, operand) in fields.objectValue ?? [:] {
                switch operation {
                case "$set":
                    setValue(operand, at: path, in: &result)
                case "$setOnInsert":
                    if inserting { setValue(operand, at: path, in: &result) }
                case "$unset":
                    setValue(nil, at: path, in: &result)
                case "$inc":
                    setValue(
                        try increment(value(at: path, in: result), by: operand, path: path), at: path,
                        in: &result)
                case "$push":
                    var items = value(at: path, in: result)?.arrayValue ?? []
                    items.append(operand)
                    setValue(.array(items), at: path, in: &result)
                default:
                    throw DocumentStoreError(
                        code: 9, codeName: "FailedToParse",
                        message:
                            "Unknown modifier: \(operation). Expected a valid update modifier or pipeline-style update specified as an array"
                    )
                }
            }
        }
        return result
    }

    static func increment(_ current: JSONValue?, by operand: JSONValue, path: String) throws -> JSONValue {
        guard operand.doubleValue != nil else {
            throw DocumentStoreError(
                code: 14, codeName: "TypeMismatch",
                message: "Cannot increment with non-numeric argument: {\(path): \(MongoText.format(operand))}")
        }
        switch (current ?? .int(0), operand) {
        case (.int(let a), .int(let b)): return .int(a + b)
        case (let a, let b) where a.doubleValue != nil: return .double(a.doubleValue! + b.doubleValue!)
        default:
            throw DocumentStoreError(
                code: 14, codeName: "TypeMismatch",
                message:
                    "Cannot apply $inc to a value of non-numeric type. {_id: ...} has the field '\(path)' of non-numeric type \(current?.typeName ?? "null")"
            )
        }
    }

    /// The document an upsert starts from: the filter's plain equality fields.
    public static func seed(from filter: JSONValue) -> JSONValue {
        var document = JSONValue.emptyObject
        for (key, condition) in filter.objectValue ?? [:] where !key.hasPrefix("$") {
            if let operators = condition.objectValue, operators.keys.contains(where: { $0.hasPrefix("$") }) {
                if let equal = operators["$eq"] { setValue(equal, at: key, in: &document) }
                continue
            }
            setValue(condition, at: key, in: &document)
        }
        return document
    }
}
