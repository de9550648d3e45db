/// Why a load run could not start.
public struct LoadGeneratorError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The URL is not an `http://host[:port][/path]` URL.
        case invalidURL
        /// A configuration value is out of range (rate, duration, connections, threads, timeout).
        case invalidConfiguration
        /// The host name could not be resolved.
        case unresolvableHost
    }

    /// What kind of failure this is.
    public var code: Code
    /// A message for humans.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message.
    public var description: String { message }
}
