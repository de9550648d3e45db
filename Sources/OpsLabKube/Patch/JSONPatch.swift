import Foundation
import OpsLabCore

/// JSON Patch (RFC 6902), `application/json-patch+json`: `add`, `remove`, `replace`, `move`, `copy`, `test`.
///
/// Paths are JSON Pointers (RFC 6901) with `~1` for `/` and `~0` for `~`; `-` as the last array index appends.
/// Operations apply in order; the first failure throws and the target is left as it was.
public enum JSONPatch {
    /// Applies an array of operations to a target document.
    public static func apply(_ operations: JSONValue, to target: JSONValue) throws(PatchError) -> JSONValue {
        guard case .array(let list) = operations else {
            throw PatchError(
                .malformed, "json: cannot unmarshal \(operations.typeName) into Go value of type jsonpatch.Patch")
        }
        var document = target
        for operation in list {
            try apply(operation: operation, to: &document)
        }
        return document
    }

    /// Splits a JSON Pointer into unescaped reference tokens; `""` is the whole document.
    public static func pointerTokens(_ pointer: String) throws(PatchError) -> [String] {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else {
            throw PatchError(.malformed, "JSON pointer must be empty or start with a \"/\": \(pointer)")
        }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// The value at a JSON Pointer, or `nil`.
    public static func value(at pointer: String, in document: JSONValue) -> JSONValue? {
        guard let tokens = try? pointerTokens(pointer) else { return nil }
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = arrayIndex(token, count: items.count, allowEnd: false) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    private static func apply(operation: JSONValue, to document: inout JSONValue) throws(PatchError) {
        guard case .object(let fields) = operation else {
            throw PatchError(
                .malformed, "json: cannot unmarshal \(operation.typeName) into Go value of type jsonpatch.Operation")
        }
        guard let op = fields["op"]?.stringValue else {
            throw PatchError(.malformed, "Unexpected kind: unknown")
        }
        guard let path = fields["path"]?.stringValue else {
            throw PatchError(.malformed, "\(op) operation missing path field")
        }
        let tokens = try pointerTokens(path)
        switch op {
        case "add":
            let value = try requiredValue(fields, op: op)
            try add(value, at: tokens, path: path, op: op, in: &document)
        case "remove":
            _ = try remove(at: tokens, path: path, op: op, in: &document)
        case "replace":
            let value = try requiredValue(fields, op: op)
            guard self.value(at: path, in: document) != nil else {
                throw PatchError(
                    .missingPath, "replace operation does not apply: doc is missing key: \(path): missing value")
            }
            _ = try remove(at: tokens, path: path, op: op, in: &document)
            try add(value, at: tokens, path: path, op: op, in: &document)
        case "move", "copy":
            guard let from = fields["from"]?.stringValue else {
                throw PatchError(.malformed, "\(op) operation missing from field")
            }
            let fromTokens = try pointerTokens(from)
            guard let value = self.value(at: from, in: document) else {
                throw PatchError(
                    .missingPath, "\(op) operation does not apply: doc is missing from path: \(from): missing value")
            }
            if op == "move" {
                if from == path { return }
                if tokens.count > fromTokens.count && Array(tokens.prefix(fromTokens.count)) == fromTokens {
                    throw PatchError(
                        .unprocessable, "move operation does not apply: cannot move \(from) into its own child \(path)")
                }
                _ = try remove(at: fromTokens, path: from, op: op, in: &document)
            }
            try add(value, at: tokens, path: path, op: op, in: &document)
        case "test":
            let expected = try requiredValue(fields, op: op)
            guard let actual = self.value(at: path, in: document), JSONPatch.equal(actual, expected) else {
                throw PatchError(.testFailed, "testing value \(path) failed: test failed")
            }
        default:
            throw PatchError(.malformed, "Unexpected kind: \(op)")
        }
    }

    private static func requiredValue(_ fields: [String: JSONValue], op: String) throws(PatchError) -> JSONValue {
        guard let value = fields["value"] else {
            throw PatchError(.malformed, "\(op) operation missing value field")
        }
        return value
    }

    /// Parses an array index token: digits without leading zeros, or `-` (one past the end) when allowed.
    static func arrayIndex(_ token: String, count: Int, allowEnd: Bool) -> Int? {
        if token == "-" { return allowEnd ? count : nil }
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber),
            token == "0" || !token.hasPrefix("0"), let index = Int(token)
        else { return nil }
        return index < count || (allowEnd && index == count) ? index : nil
    }

    /// Runs `body` on the container that holds the last token of `tokens`.
    private static func withParent(
        of tokens: [String], path: String, op: String, in document: inout JSONValue,
        _ body: (inout JSONValue, String) throws(PatchError) -> Void
    ) throws(PatchError) {
        guard tokens.count > 1 else {
            try body(&document, tokens[0])
            return
        }
        let head = tokens[0]
        let rest = Array(tokens.dropFirst())
        let missing = PatchError(
            .missingPath, "\(op) operation does not apply: doc is missing path: \"\(path)\": missing value")
        switch document {
        case .object(var members):
            guard var child = members[head] else { throw missing }
            members[head] = nil
            try withParent(of: rest, path: path, op: op, in: &child, body)
            members[head] = child
            document = .object(members)
        case .array(var items):
            guard let index = arrayIndex(head, count: items.count, allowEnd: false) else { throw missing }
            var child = items[index]
            items[index] = .null
            try withParent(of: rest, path: path, op: op, in: &child, body)
            items[index] = child
            document = .array(items)
        default:
            throw missing
        }
    }

    private static func add(
        _ value: JSONValue, at tokens: [String], path: String, op: String, in document: inout JSONValue
    ) throws(PatchError) {
        guard !tokens.isEmpty else {
            document = value
            return
        }
        try withParent(of: tokens, path: path, op: op, in: &document) { (container, token) throws(PatchError) in
            switch container {
            case .object(var members):
                members[token] = value
                container = .object(members)
            case .array(var items):
                guard let index = arrayIndex(token, count: items.count, allowEnd: true) else {
                    throw PatchError(.missingPath, "Unable to access invalid index: \(token): invalid index referenced")
                }
                items.insert(value, at: index)
                container = .array(items)
            default:
                throw PatchError(
                    .missingPath, "\(op) operation does not apply: doc is missing path: \"\(path)\": missing value")
            }
        }
    }

    private static func remove(
        at tokens: [String], path: String, op: String, in document: inout JSONValue
    ) throws(PatchError) -> JSONValue {
        guard !tokens.isEmpty else {
            let old = document
            document = .null
            return old
        }
        var removed: JSONValue = .null
        try withParent(of: tokens, path: path, op: op, in: &document) { (container, token) throws(PatchError) in
            switch container {
            case .object(var members):
                guard let old = members.removeValue(forKey: token) else {
                    throw PatchError(.missingPath, "Unable to remove nonexistent key: \(token): missing value")
                }
                removed = old
                container = .object(members)
            case .array(var items):
                guard let index = arrayIndex(token, count: items.count, allowEnd: false) else {
                    throw PatchError(.missingPath, "Unable to access invalid index: \(token): invalid index referenced")
                }
                removed = items.remove(at: index)
                container = .array(items)
            default:
                throw PatchError(
                    .missingPath, "\(op) operation does not apply: doc is missing path: \"\(path)\": missing value")
            }
        }
        return removed
    }

    /// JSON equality where `1` and `1.0` are the same number.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.int, .double), (.double, .int):
            return lhs.doubleValue == rhs.doubleValue
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.allSatisfy { key, value in right[key].map { equal(value, $0) } ?? false }
        default:
            return lhs == rhs
        }
    }
}
