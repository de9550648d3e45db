import Foundation

/// A fault could not be injected or recovered.
public struct FaultError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, broadly.
    public enum Code: String, Sendable, Hashable {
        /// An object the fault acts on does not exist (e.g. no pod for `mongodb-geo`).
        case notFound
        /// A command run in a pod failed.
        case commandFailed
        /// An object does not have the expected shape.
        case unexpectedObject
    }

    /// The code.
    public var code: Code
    /// A message for humans.
    public var message: String
    /// The underlying error's text, if any.
    public var cause: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, with the cause.
    public var description: String {
        cause.map { "\(message): \($0)" } ?? message
    }
}
