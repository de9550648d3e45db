/// A failure in trace propagation, encoding, decoding or export.
///
/// `code` is a short machine-readable kind (for example `"invalid-traceparent"` or `"invalid-otlp"`);
/// `message` says what went wrong for humans; `underlying` keeps the original error when there is one.
public struct TracingError: Error, Sendable, CustomStringConvertible {
    /// A short machine-readable kind of failure.
    public var code: String
    /// What went wrong, for humans.
    public var message: String
    /// The error that caused this one, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error with a kind, a message and an optional cause.
    public init(code: String, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, followed by the underlying error if there is one.
    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }
}
