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
    public init(method: String, target: String, headers: [String: String], body: Data) {
        self.method = method
        let components = URLComponents(string: target)
        self.path = components?.percentEncodedPath.removingPercentEncoding ?? target
        var items: [(String, String)] = []
        for item in components?.queryItems ?? [] { items.append((item.name, item.value ?? "")) }
        self.queryItems = items
        self.query = Dictionary(items, uniquingKeysWith: { _, last in last })
        self.headers = headers
        self.body = body
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
