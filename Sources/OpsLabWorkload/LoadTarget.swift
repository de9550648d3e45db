/// Where a load run sends its requests: an `http://host[:port][/path]` URL, parsed.
public struct LoadTarget: Sendable, Hashable {
    /// The URL as given.
    public var url: String
    /// The host (an IP address or a name; IPv6 without brackets).
    public var host: String
    /// The TCP port (80 unless given).
    public var port: Int
    /// The path and query of the URL, `/` when it has none.
    public var pathAndQuery: String

    /// The `Host` header value: `host:port`, or `host` for port 80.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    /// Parses `http://host[:port][/path?query]`; throws ``LoadGeneratorError`` (`invalidURL`) otherwise.
    public init(url: String) throws {
        let invalid = LoadGeneratorError(
            code: .invalidURL,
            message: "invalid URL '\(url)': expected http://host[:port][/path] (https is not supported)")
        guard url.lowercased().hasPrefix("http://") else { throw invalid }
        let rest = url.dropFirst("http://".count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if path.isEmpty { path = "/" } else if path.hasPrefix("?") { path = "/" + path }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw invalid }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty, !host.contains("@") else { throw invalid }
        var port = 80
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw invalid }
            port = value
        }
        self.url = url
        self.host = String(host)
        self.port = port
        self.pathAndQuery = path
    }
}
