import Foundation

/// The parts of an `http://host[:port]/path?query` URL that ``RoleHTTPClient`` needs.
public struct RoleURL: Sendable, Equatable {
    /// The host name or IP, without the port.
    public var host: String
    /// The port (80 when the URL has none).
    public var port: Int
    /// The path plus query, e.g. `/nearby?lat=1` (at least `/`).
    public var requestTarget: String
    /// Whether the URL spelled out a port.
    public var hasExplicitPort: Bool

    /// Parses a URL; the scheme must be `http` (or be missing); `nil` when malformed.
    public init?(_ text: String) {
        var rest = Substring(text)
        if let schemeEnd = rest.range(of: "://") {
            guard rest[..<schemeEnd.lowerBound].lowercased() == "http" else { return nil }
            rest = rest[schemeEnd.upperBound...]
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.hasPrefix("?") { target = "/" + target }
        if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
        if let colon = authority.lastIndex(of: ":") {
            guard let port = Int(authority[authority.index(after: colon)...]), (1...65535).contains(port) else {
                return nil
            }
            self.host = String(authority[..<colon])
            self.port = port
            self.hasExplicitPort = true
        } else {
            self.host = String(authority)
            self.port = 80
            self.hasExplicitPort = false
        }
        guard !host.isEmpty else { return nil }
        self.requestTarget = target
    }

    /// The `Host` header value.
    public var hostHeader: String { hasExplicitPort ? "\(host):\(port)" : host }
}
