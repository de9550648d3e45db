import OpsLabCore

/// Evaluates parsed jsonpath templates with client-go's semantics.
struct JSONPathEvaluator {
    /// An evaluation failure; `JSONPathTemplate` wraps it into a `JSONPathError`.
    struct Failure: Error {
        var message: String
    }

    let allowMissingKeys: Bool

    /// Prints every segment: text as-is, each expression's results joined by single spaces.
    func run(_ segments: [JSONPathSegment], on root: JSONValue) throws -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .text(let text):
                output += text
            case .expression(let steps):
                output += try evaluate(steps, on: [root]).map(Self.text).joined(separator: " ")
            case .range(let steps, let body):
                for item in try evaluate(steps, on: [root]) {
                    output += try run(body, on: item)
                }
            }
        }
        return output
    }

    /// How a single result prints: strings raw, containers as compact JSON, scalars with Go's `%v`.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return GoNumberFormat.g(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "<nil>"
        case .array, .object: return JSONPrinter.compact(value)
        }
    }

    /// Applies the steps in order to the current values.
    func evaluate(_ steps: [JSONPathStep], on input: [JSONValue]) throws -> [JSONValue] {
        var current = input
        for step in steps {
            current = try apply(step, to: current)
        }
        return current
    }

    private func apply(_ step: JSONPathStep, to input: [JSONValue]) throws -> [JSONValue] {
        switch step {
        case .field(let name):
            return try field(name, of: input)
        case .wildcard:
            return input.flatMap(Self.children)
        case .recursive:
            return input.flatMap(Self.descendantsAndSelf)
        case .slice(let slice):
            return try input.flatMap { try self.slice(slice, of: $0) }
        case .union(let members):
            return try members.flatMap { try evaluate($0, on: input) }
        case .filter(let filter):
            return try input.flatMap { try self.filter(filter, on: $0) }
        case .literal(let value):
            return [value]
        case .identifier(let name):
            throw Failure(message: "unrecognized identifier \(name)")
        }
    }

    private func field(_ name: String, of input: [JSONValue]) throws -> [JSONValue] {
        if input.isEmpty || name.isEmpty { return input }
        let results = input.compactMap { $0[name] }
        if results.isEmpty, !allowMissingKeys { throw Failure(message: "\(name) is not found") }
        return results
    }

    /// Members of an object (by sorted key) or elements of an array.
    static func children(_ value: JSONValue) -> [JSONValue] {
        switch value {
        case .object(let members): return members.keys.sorted().compactMap { members[$0] }
        case .array(let items): return items
        default: return []
        }
    }

    /// The value and every object or array below it, in pre-order.
    static func descendantsAndSelf(_ value: JSONValue) -> [JSONValue] {
        let kids = children(value)
        guard !kids.isEmpty else { return [] }
        return [value] + kids.flatMap(descendantsAndSelf)
    }

    private func slice(_ slice: JSONPathSlice, of value: JSONValue) throws -> [JSONValue] {
        if value.isNull { return [] }
        guard let items = value.arrayValue else { throw Failure(message: "\(value.typeName) is not array or slice") }
        let length = items.count
        var start = slice.start ?? 0
        if start < 0 { start += length }
        var end = slice.end ?? length
        if end < 0 || (end == 0 && slice.derivedEnd) { end += length }
        guard end != start else { return [] }
        if start >= length || start < 0 {
            throw Failure(message: "array index out of bounds: index \(start), length \(length)")
        }
        if end > length || end < 0 {
            throw Failure(message: "array index out of bounds: index \(end - 1), length \(length)")
        }
        if start > end { throw Failure(message: "starting index \(start) is greater than ending index \(end)") }
        let step = slice.step ?? 1
        guard step > 0 else { throw Failure(message: "step must be > 0") }
        return stride(from: start, to: end, by: step).map { items[$0] }
    }

    private func filter(_ filter: JSONPathFilter, on value: JSONValue) throws -> [JSONValue] {
        guard let items = value.arrayValue else {
            throw Failure(message: "\(JSONPrinter.compact(value)) is not array or slice and cannot be filtered")
        }
        let lenient = JSONPathEvaluator(allowMissingKeys: true)
        return try items.filter { item in
            let lefts = try lenient.evaluate(filter.left, on: [item])
            if filter.op == "exists" { return !lefts.isEmpty }
            guard !lefts.isEmpty else { return false }
            guard lefts.count == 1 else { throw Failure(message: "can only compare one element at a time") }
            let rights = try lenient.evaluate(filter.right, on: [item])
            guard !rights.isEmpty else { return false }
            guard rights.count == 1 else { throw Failure(message: "can only compare one element at a time") }
            return try Self.compare(lefts[0], filter.op, rights[0])
        }
    }

    /// Go template comparisons: numbers with numbers, strings with strings, booleans for `==` / `!=`.
    static func compare(_ left: JSONValue, _ op: String, _ right: JSONValue) throws -> Bool {
        let ordering: Int?
        switch (left, right) {
        case (.string(let a), .string(let b)): ordering = a == b ? 0 : (a < b ? -1 : 1)
        case (.int(let a), .int(let b)): ordering = a == b ? 0 : (a < b ? -1 : 1)
        case (.bool(let a), .bool(let b)):
            guard op == "==" || op == "!=" else { throw Failure(message: "invalid type for comparison") }
            ordering = a == b ? 0 : 1
        default:
            if let a = left.doubleValue, let b = right.doubleValue {
                ordering = a == b ? 0 : (a < b ? -1 : 1)
            } else {
                ordering = nil
            }
        }
        guard let ordering else {
            if op == "==" { return false }
            if op == "!=" { return true }
            throw Failure(message: "incompatible types for comparison")
        }
        switch op {
        case "==": return ordering == 0
        case "!=": return ordering != 0
        case "<": return ordering < 0
        case ">": return ordering > 0
        case "<=": return ordering <= 0
        case ">=": return ordering >= 0
        default: throw Failure(message: "unrecognized filter operator \(op)")
        }
    }
}
