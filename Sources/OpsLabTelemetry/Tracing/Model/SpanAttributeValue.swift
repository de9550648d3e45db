/// The value of one span attribute: a string, a 64-bit integer, a double or a boolean.
///
/// Named apart from swift-distributed-tracing's `SpanAttribute` so that code importing both modules needs
/// no qualification.
public enum SpanAttributeValue: Sendable, Hashable, CustomStringConvertible {
    /// A string value.
    case string(String)
    /// A 64-bit signed integer value.
    case int(Int64)
    /// A floating-point value.
    case double(Double)
    /// A boolean value.
    case bool(Bool)

    /// The value as text, as a tag filter compares it (`true`, `42`, `0.5`, `GET`).
    public var description: String {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        }
    }
}

extension SpanAttributeValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral
{
    /// Creates a string value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates an integer value from a literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// Creates a boolean value from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Creates a double value from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
}
