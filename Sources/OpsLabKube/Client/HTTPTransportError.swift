import NIOSSL

/// A request that reached (or tried to reach) the server but failed: TLS, timeout, protocol or URL problems.
///
/// Connection failures (nothing listening) are ``KubeConnectionError`` instead.
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The server URL cannot be used.
        case invalidURL
        /// The CA, client certificate or key in the config cannot be loaded.
        case invalidCredentials
        /// The TLS handshake failed (unknown authority, wrong host, protocol mismatch).
        case tls
        /// The request did not complete within the request timeout.
        case timeout
        /// The server closed the connection before a complete response.
        case connectionClosed
        /// The server's answer is not valid HTTP/1.1.
        case protocolError
    }

    /// What kind of failure this is.
    public var code: Code
    /// A message for humans, in kubectl's words where kubectl has some.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// `Unable to connect to the server: <message>` for TLS and timeouts (as kubectl prints), else the message.
    public var description: String {
        switch code {
        case .tls, .timeout, .connectionClosed: return "Unable to connect to the server: \(message)"
        case .invalidURL, .invalidCredentials, .protocolError: return message
        }
    }

    /// Wraps an error raised while talking to `endpoint`, turning NIOSSL errors into `.tls` errors.
    static func classify(_ error: any Error, endpoint: HTTPEndpoint) -> any Error {
        if error is HTTPTransportError || error is KubeConnectionError || error is CancellationError { return error }
        if let ssl = error as? NIOSSLExtraError, ssl == .failedToValidateHostname {
            return HTTPTransportError(
                code: .tls,
                message: "tls: failed to verify certificate: x509: certificate is not valid for \(endpoint.host)",
                cause: error
            )
        }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            let text = String(describing: error)
            let detail =
                text.contains("CERTIFICATE_VERIFY_FAILED")
                ? "tls: failed to verify certificate: x509: certificate signed by unknown authority"
                : "tls: handshake failure (\(text))"
            return HTTPTransportError(code: .tls, message: detail, cause: error)
        }
        return error
    }
}
