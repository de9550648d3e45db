/// The type of a PromQL expression's value.
public enum PromQLValueType: String, Sendable, Hashable {
    /// A single number.
    case scalar
    /// A string literal.
    case string
    /// One sample per series at the evaluation time.
    case vector = "instant vector"
    /// A window of samples per series.
    case matrix = "range vector"
}

/// A vector selector: a metric name and/or label matchers, with an optional offset.
public struct VectorSelector: Sendable, Hashable {
    /// The metric name if written before the braces.
    public var name: String?
    /// All matchers, including `__name__="<name>"` for a written name.
    public var matchers: [LabelMatcher]
    /// The `offset` in ms (positive looks back).
    public var offsetMs: Int64
    /// A parser-assigned id that lets the evaluator cache the selector's data.
    public var id: Int
}

/// How two vectors' samples are matched in a binary operation.
public struct VectorMatching: Sendable, Hashable {
    /// The matching cardinality.
    public enum Cardinality: Sendable, Hashable {
        /// `one-to-one` (default).
        case oneToOne
        /// `group_left`: many on the left to one on the right.
        case manyToOne
        /// `group_right`: one on the left to many on the right.
        case oneToMany
    }
    /// The cardinality.
    public var cardinality: Cardinality = .oneToOne
    /// Labels of `on(…)` (when `on` is true) or `ignoring(…)`.
    public var labels: [String] = []
    /// Whether `on(…)` was given (otherwise `ignoring(…)` or nothing).
    public var on = false
    /// Extra labels copied from the "one" side by `group_left(…)`/`group_right(…)`.
    public var include: [String] = []
}

/// A parsed PromQL expression.
public indirect enum PromQLExpression: Sendable, Hashable {
    /// A number literal.
    case number(Double)
    /// A string literal.
    case string(String)
    /// An instant vector selector.
    case vectorSelector(VectorSelector)
    /// A range vector selector `sel[range]`.
    case matrixSelector(VectorSelector, rangeMs: Int64)
    /// A subquery `expr[range:step]`; a step of 0 means the query's resolution (1 m when instant).
    case subquery(PromQLExpression, rangeMs: Int64, stepMs: Int64, offsetMs: Int64)
    /// A function call.
    case call(String, [PromQLExpression])
    /// An aggregation such as `sum by (job) (x)` or `topk(3, x)`.
    case aggregate(op: String, expr: PromQLExpression, parameter: PromQLExpression?, grouping: [String], without: Bool)
    /// A binary operation.
    case binary(op: String, lhs: PromQLExpression, rhs: PromQLExpression, matching: VectorMatching, returnBool: Bool)
    /// Unary minus (`negate` true) or plus.
    case unary(negate: Bool, PromQLExpression)
    /// A parenthesized expression.
    case paren(PromQLExpression)

    /// The value type the expression evaluates to.
    public var valueType: PromQLValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .call(let name, _): return PromQLFunctions.signatures[name]?.returns ?? .vector
        case .aggregate: return .vector
        case .binary(_, let lhs, let rhs, _, _):
            return lhs.valueType == .scalar && rhs.valueType == .scalar ? .scalar : .vector
        case .unary(_, let inner), .paren(let inner): return inner.valueType
        }
    }
}
