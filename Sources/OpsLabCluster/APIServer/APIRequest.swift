import Foundation
import OpsLabCore

/// An HTTP request to the API server, fully read.
public struct APIRequest: Sendable {
    /// The HTTP method.
    public var method: String
    /// The path without the query, percent-decoded.
    public var path: String
    /// Query parameters (the last value wins for repeated keys except `command`, see `queryValues`).
    public var query: [String: String]
    /// Every query parameter in order, for repeated keys.
    public var queryItems: [(String, String)]
    /// Headers with lower-cased names.
    public var headers: [String: String]
    /// The body.
    public var body: Data

    /// Creates a request from a raw target such as `/api/v1/pods?limit=500`.
    ///
    /// The query is decoded as Go's `url.ParseQuery` does (`+` is a space), since client-go encodes
    /// `labelSelector=app in (a)` as `labelSelector=app+in+%28a%29`.
    public init(method: String, target: String, headers: [String: String], body: Data) {
        self.method = method
        let pathPart = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let rawPath = pathPart.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        self.path = String(rawPath).removingPercentEncoding ?? String(rawPath)
        var items: [(String, String)] = []
        if let mark = target.firstIndex(of: "?") {
            let query = target[target.index(after: mark)...].split(separator: "#", maxSplits: 1).first ?? ""
            for pair in query.split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                items.append((Self.decodeQuery(parts[0]), parts.count > 1 ? Self.decodeQuery(parts[1]) : ""))
            }
        }
        self.queryItems = items
        self.query = Dictionary(items, uniquingKeysWith: { _, last in last })
        self.headers = headers
        self.body = body
    }

    private static func decodeQuery(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// All values of a repeated query parameter.
    public func queryValues(_ name: String) -> [String] {
        queryItems.filter { $0.0 == name }.map(\.1)
    }

    /// Whether the client asked for server-side printing (`as=Table`).
    public var wantsTable: Bool {
        headers["accept"]?.contains("as=Table") ?? false
    }
}

/// What the API server answers: a whole body, or a stream of chunks (watch, follow).
public enum APIResponse: Sendable {
    /// A complete response.
    case full(status: Int, contentType: String, body: Data, headers: [(String, String)])
    /// A streaming response; the body ends when the stream finishes.
    case stream(status: Int, contentType: String, body: AsyncStream<Data>)

    /// A JSON response.
    public static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> APIResponse {
        .full(status: status, contentType: "application/json", body: value.jsonData(), headers: headers)
    }

    /// A plain-text response.
    public static func text(_ status: Int, _ text: String) -> APIResponse {
        .full(status: status, contentType: "text/plain; charset=utf-8", body: Data(text.utf8), headers: [])
    }
}
