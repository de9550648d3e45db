/// A failure while creating, loading or using certificates and keys.
public struct TLSError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// A certificate or key could not be parsed.
        case invalidPEM
        /// A private key does not belong to its certificate.
        case keyMismatch
        /// Creating or signing a certificate failed.
        case generationFailed
        /// A subject alternative name is not an IP address.
        case invalidIPAddress
        /// Reading or writing certificate files failed.
        case fileAccess
        /// Building an SSL context failed.
        case contextFailed
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

    /// The message, followed by the cause when there is one.
    public var description: String {
        guard let cause else { return message }
        return "\(message): \(cause)"
    }
}
