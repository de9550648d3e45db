import Foundation

/// One HTTP request as a role's handler sees it.
///
/// `query` holds the first value of each query parameter (percent-decoded, `+` read as a space, as Go's
/// `url.ParseQuery` does); `headers` are keyed by lower-cased name (a repeated header keeps the last value).
public struct RoleHTTPRequest: Sendable {
    /// The method, e.g. `GET`.
    public var method: String
    /// The path without the query, e.g. `/hotels`; for an absolute-form target only the path part.
    public var path: String
    /// Query parameters: first value per name.
    public var query: [String: String]
    /// Headers by lower-cased name.
    public var headers: [String: String]
    /// The request body (empty when there is none).
    public var body: Data
    /// The client's `ip:port`, when known (set by ``RoleHTTPServer``).
    public var remoteAddress: String?

    /// Creates a request.
    public init(
        method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
        body: Data = Data()
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Creates a request from a request target such as `/hotels?lat=1` or `http://localhost:5000/hotels?lat=1`.
    public init(method: String, target: String, headers: [String: String] = [:], body: Data = Data()) {
        let (path, query) = Self.split(target: target)
        self.init(method: method, path: path, query: query, headers: headers, body: body)
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Splits a request target into its path and query parameters.
    public static func split(target: String) -> (path: String, query: [String: String]) {
        var rest = Substring(target)
        if let schemeEnd = rest.range(of: "://") {
            rest = rest[schemeEnd.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        guard let mark = rest.firstIndex(of: "?") else {
            return (percentDecode(rest, plusIsSpace: false), [:])
        }
        let path = percentDecode(rest[..<mark], plusIsSpace: false)
        return (path.isEmpty ? "/" : path, parseQuery(rest[rest.index(after: mark)...]))
    }

    /// Parses `a=1&b=x+y` into `["a": "1", "b": "x y"]`, keeping the first value of a repeated name.
    public static func parseQuery(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(whereSeparator: { $0 == "&" || $0 == ";" }) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(parts[0], plusIsSpace: true)
            let value = parts.count > 1 ? percentDecode(parts[1], plusIsSpace: true) : ""
            if result[name] == nil { result[name] = value }
        }
        return result
    }

    /// Decodes `%XX` escapes (and `+` as a space when asked); malformed escapes are kept literally.
    public static func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return String(text) }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
                continue
            }
            bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
