import Foundation
import OpsLabCore

/// One HTTP response: what a role's handler returns and what ``RoleHTTPClient`` hands back.
///
/// The server adds `Content-Length` and `Date`; any headers set here are sent as given.
public struct RoleHTTPResponse: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Headers in order (names as given; a client response keeps the server's spelling).
    public var headers: [(String, String)]
    /// The body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response: compact JSON with sorted keys plus a trailing newline (as Go's `json.Encoder` writes),
    /// `Content-Type: application/json`.
    public static func json(_ status: Int, _ value: JSONValue) -> RoleHTTPResponse {
        var body = value.jsonData()
        body.append(UInt8(ascii: "\n"))
        return RoleHTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }

    /// A plain-text response, `Content-Type: text/plain; charset=utf-8`, body exactly `text`.
    public static func text(_ status: Int, _ text: String) -> RoleHTTPResponse {
        RoleHTTPResponse(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data(text.utf8))
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }

    /// The body parsed as JSON, or `nil` when it is not JSON.
    public var jsonBody: JSONValue? { try? JSONValue(parsing: body) }
}
