import OpsLabCore

/// kubectl's jsonpath templates (`-o jsonpath=…`): `{.a.b}`, `{.items[*].metadata.name}`, `[0]`, `[-1]`, `[1:3]`,
/// `..name`, `['key.with.dots']`, filters `[?(@.type=="Ready")]`, `{range …}…{end}` and literal text.
///
/// Several results of one `{…}` print separated by a single space; strings print raw, numbers and booleans with
/// Go's `%v`, objects and arrays as compact JSON. A template without any `{` is wrapped the way kubectl relaxes
/// paths: `.metadata.name` becomes `{.metadata.name}`.
public struct JSONPathTemplate: Sendable, Hashable {
    /// The template as written.
    public let template: String
    /// When `true` (kubectl's `--allow-missing-template-keys` default), a missing key yields no output instead
    /// of an error.
    public var allowMissingKeys: Bool
    let segments: [JSONPathSegment]

    /// Parses a template; throws a `JSONPathError` with code `.parse` when it is malformed.
    public init(_ template: String, allowMissingKeys: Bool = false) throws {
        self.template = template
        self.allowMissingKeys = allowMissingKeys
        let source = template.contains("{") ? template : try Self.relaxed(template)
        do {
            segments = try JSONPathParser.parseTemplate(source)
        } catch let failure as JSONPathParseFailure {
            throw JSONPathError(code: .parse, message: failure.message, template: template)
        }
    }

    /// Runs the template; throws a `JSONPathError` with code `.execute` (e.g. `foo is not found`).
    public func execute(on value: JSONValue) throws -> String {
        let evaluator = JSONPathEvaluator(allowMissingKeys: allowMissingKeys)
        do {
            return try evaluator.run(segments, on: value)
        } catch let failure as JSONPathEvaluator.Failure {
            throw JSONPathError(
                code: .execute, message: failure.message, template: template, object: JSONPrinter.compact(value))
        }
    }

    /// The values of each `{…}` expression of the template (no text, no ranges), for sorting and columns.
    public func results(on value: JSONValue) throws -> [[JSONValue]] {
        let evaluator = JSONPathEvaluator(allowMissingKeys: allowMissingKeys)
        var groups: [[JSONValue]] = []
        for segment in segments {
            guard case .expression(let steps) = segment else { continue }
            do {
                groups.append(try evaluator.evaluate(steps, on: [value]))
            } catch let failure as JSONPathEvaluator.Failure {
                throw JSONPathError(
                    code: .execute, message: failure.message, template: template, object: JSONPrinter.compact(value))
            }
        }
        return groups
    }

    /// kubectl's `RelaxedJSONPathExpression`: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become `{.a.b}`.
    public static func relaxed(_ expression: String) throws -> String {
        guard !expression.isEmpty else { return expression }
        var body = Substring(expression)
        if body.hasPrefix("{"), body.hasSuffix("}"), body.count >= 2 { body = body.dropFirst().dropLast() }
        if body.hasPrefix(".") { body = body.dropFirst() }
        guard !body.isEmpty, !body.contains("{"), !body.contains("}") else {
            throw JSONPathError(
                code: .parse,
                message: "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or "
                    + "'{.name1.name2}'",
                template: expression)
        }
        return "{.\(body)}"
    }
}
