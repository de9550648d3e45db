import Foundation
import NIOCore

/// A parsed API server URL: scheme, host, port and path prefix.
public struct HTTPEndpoint: Sendable, Equatable {
    /// `true` for `https://`, `false` for plain `http://`.
    public var usesTLS: Bool
    /// The host without IPv6 brackets, e.g. `127.23.0.1`, `::1` or `localhost`.
    public var host: String
    /// The TCP port (443/80 when the URL names none).
    public var port: Int
    /// The URL's path without a trailing slash (usually empty); request paths are appended to it.
    public var basePath: String
    /// The value of the `Host` header: the URL's authority, bracketed for IPv6, port only when the URL has one.
    public var hostHeader: String

    /// Parses `https://host[:port][/prefix]` or `http://…`; a bare `host:port` is taken as HTTPS.
    ///
    /// Throws ``HTTPTransportError`` with code `invalidURL` when the URL has no host or an unknown scheme.
    public init(url text: String) throws {
        var text = text.trimmingCharacters(in: .whitespaces)
        if !text.contains("://") { text = "https://" + text }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            var host = components.host, !host.isEmpty
        else {
            throw HTTPTransportError(code: .invalidURL, message: "invalid server URL \"\(text)\"")
        }
        switch scheme {
        case "https": usesTLS = true
        case "http": usesTLS = false
        default:
            throw HTTPTransportError(code: .invalidURL, message: "unsupported scheme \"\(scheme)\" in \"\(text)\"")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        self.port = components.port ?? (usesTLS ? 443 : 80)
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        self.basePath = path
        let bracketed = host.contains(":") ? "[\(host)]" : host
        self.hostHeader = components.port.map { "\(bracketed):\($0)" } ?? bracketed
    }

    /// Whether ``host`` is an IP literal (certificates are then matched on their IP SANs and no SNI is sent).
    public var hostIsIPAddress: Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    /// `host:port` as kubectl prints it in connection errors.
    public var serverDescription: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "\(bracketed):\(port)"
    }

    /// The request target for a request path: the base path followed by `path` (which starts with `/`).
    public func target(for path: String) -> String {
        let suffix = path.hasPrefix("/") ? path : "/" + path
        return basePath + suffix
    }
}
