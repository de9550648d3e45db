import Foundation

/// An action whose arguments were checked against its signature: every parameter has a value.
public struct BoundAction: Sendable, Hashable {
    /// The action name.
    public var name: String
    /// Every parameter's value by name, defaults filled in, types coerced (`.null` only where allowed).
    public var arguments: [String: JSONValue]

    /// Creates a bound action.
    public init(name: String, arguments: [String: JSONValue]) {
        self.name = name
        self.arguments = arguments
    }

    /// The string argument `name`, or `nil`.
    public func string(_ name: String) -> String? { arguments[name]?.stringValue }

    /// The integer argument `name`, or `nil`.
    public func int(_ name: String) -> Int? { arguments[name]?.intValue.map { Int($0) } }

    /// The number argument `name`, or `nil`.
    public func double(_ name: String) -> Double? { arguments[name]?.doubleValue }

    /// The boolean argument `name`, or `nil`.
    public func bool(_ name: String) -> Bool? { arguments[name]?.boolValue }

    /// The string-list argument `name`, or `nil`.
    public func stringList(_ name: String) -> [String]? {
        arguments[name]?.arrayValue.map { $0.compactMap(\.stringValue) }
    }

    /// The string-dictionary argument `name`, or `nil`.
    public func stringDictionary(_ name: String) -> [String: String]? {
        arguments[name]?.objectValue?.compactMapValues(\.stringValue)
    }
}
