import Foundation

/// A chaos experiment could not be parsed, selected, applied or recovered.
public struct ChaosError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, broadly.
    public enum Code: String, Sendable, Hashable {
        /// A `duration` is not a Go duration.
        case invalidDuration
        /// The spec is invalid (the webhook would refuse it).
        case invalidSpec
        /// The selector or mode selected nothing, or the mode's value is unusable.
        case selection
        /// Injecting into a target failed.
        case apply
        /// Recovering a target failed.
        case recover
    }

    /// The code.
    public var code: Code
    /// The message, worded as Chaos Mesh words it where it has a counterpart.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
