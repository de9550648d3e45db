import Foundation

/// The type of an action parameter, named as in the original's Python signatures.
public enum ActionValueType: String, Sendable, Hashable, CaseIterable {
    /// `str`.
    case string = "str"
    /// `int`; a whole float such as `30.0` is accepted.
    case integer = "int"
    /// `float`; an integer is accepted.
    case number = "float"
    /// `bool`.
    case boolean = "bool"
    /// `list[str]`; a single string counts as a one-element list.
    case stringList = "list[str]"
    /// `dict[str, str]`.
    case stringDictionary = "dict[str, str]"

    /// The value converted to this type, or `nil` if it does not fit.
    public func coerce(_ value: JSONValue) -> JSONValue? {
        switch (self, value) {
        case (.string, .string), (.boolean, .bool), (.number, .double), (.integer, .int):
            return value
        case (.number, .int(let number)):
            return .double(Double(number))
        case (.integer, .double):
            return value.intValue.map(JSONValue.int)
        case (.stringList, .string):
            return .array([value])
        case (.stringList, .array(let items)) where items.allSatisfy({ $0.stringValue != nil }):
            return value
        case (.stringDictionary, .object(let members)) where members.values.allSatisfy({ $0.stringValue != nil }):
            return value
        default:
            return nil
        }
    }
}

/// One parameter of an action: name, type, optional default and a line of documentation.
public struct ActionParameter: Sendable, Hashable {
    /// The parameter name, usable as a keyword (`command=`).
    public var name: String
    /// The expected type.
    public var type: ActionValueType
    /// The default; `nil` makes the parameter required. A `.null` default also lets callers pass `None`.
    public var defaultValue: JSONValue?
    /// What the parameter means, for the action docs.
    public var summary: String

    /// Creates a parameter.
    public init(_ name: String, _ type: ActionValueType, default defaultValue: JSONValue? = nil, summary: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// `name: type` or `name: type = default`, as in a Python signature.
    public var signatureText: String {
        guard let defaultValue else { return "\(name): \(type.rawValue)" }
        let shown: String
        switch defaultValue {
        case .null: shown = "None"
        case .bool(let flag): shown = flag ? "True" : "False"
        default: shown = defaultValue.jsonString()
        }
        return "\(name): \(type.rawValue) = \(shown)"
    }
}
