import Foundation

/// A request made by ``RoleHTTPClient`` failed before a response arrived.
///
/// `description` reads like Go's `net` errors, because service logs and 5xx bodies quote it:
/// `dial tcp 127.5.0.7:8083: connect: connection refused`, `dial tcp 127.5.0.7:8083: i/o timeout`,
/// `read tcp 127.5.1.2:40112->127.5.0.7:8083: i/o timeout`, `lookup geo: no such host`, `EOF`.
public struct RoleHTTPClientError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: String, Sendable {
        /// The host name did not resolve.
        case noSuchHost
        /// Nothing listens at the address (or it reset the connection while connecting).
        case connectionRefused
        /// Connecting or waiting for the response took longer than the client's timeout.
        case timeout
        /// The server closed the connection before a full response.
        case eof
        /// The connection was reset by the peer.
        case connectionReset
        /// The URL could not be parsed.
        case invalidURL
        /// Anything else.
        case other
    }

    /// The kind of failure.
    public var kind: Kind
    /// The Go-style message, e.g. `dial tcp 127.5.0.7:8083: connect: connection refused`.
    public var message: String
    /// The method of the failed request.
    public var method: String
    /// The URL of the failed request.
    public var url: String

    /// Creates an error.
    public init(kind: Kind, message: String, method: String = "", url: String = "") {
        self.kind = kind
        self.message = message
        self.method = method
        self.url = url
    }

    public var description: String { message }

    /// The text Go's `http.Client` would return, e.g. `Get "http://geo:8083/nearby": EOF`.
    public var urlErrorDescription: String {
        let verb = method.isEmpty ? "Get" : method.prefix(1).uppercased() + method.dropFirst().lowercased()
        return "\(verb) \"\(url)\": \(message)"
    }

    /// Whether the failure happened while connecting (no byte of the request reached a server).
    public var isConnectFailure: Bool {
        switch kind {
        case .noSuchHost, .connectionRefused, .invalidURL: return true
        case .timeout: return message.hasPrefix("dial ")
        default: return false
        }
    }
}
