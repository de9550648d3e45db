/// A failure of the observability stack: a listener that cannot bind, an API call that fails, a scrape that
/// cannot be made.
public struct TelemetryStackError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers.
    public enum Code: String, Sendable {
        /// A listener could not be bound.
        case bindFailed
        /// The cluster's API did not answer or refused a call.
        case apiUnavailable
        /// A scrape target could not be fetched (connection, status, size or timeout).
        case scrapeFailed
        /// The configuration is unusable.
        case invalidConfiguration
    }

    /// The error's code.
    public var code: Code
    /// A message for humans.
    public var message: String
    /// The underlying cause, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(code: Code, message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
