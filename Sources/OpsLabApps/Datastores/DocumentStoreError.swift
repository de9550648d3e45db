import Foundation
import OpsLabCore

/// An error answered by the document store (MongoDB's `{ok: 0, code, codeName, errmsg}`) or a failure to
/// reach it.
///
/// `description` reads like the Go driver (mgo) prints it: the server's `errmsg` for command errors, e.g.
/// `not authorized on geo-db to execute command { count: "geo", query: {}, $db: "geo-db" }`;
/// `server returned error on SASL authentication step: Authentication failed.` for code 18; and
/// `no reachable servers` when nothing accepts the connection (see ``underlying`` for the socket error).
public struct DocumentStoreError: Error, Sendable, CustomStringConvertible {
    /// MongoDB's numeric code: 13 Unauthorized, 18 AuthenticationFailed, 11 UserNotFound, … (0 when the
    /// server could not be reached or answered something unreadable).
    public var code: Int
    /// MongoDB's code name, e.g. `Unauthorized`.
    public var codeName: String
    /// The server's `errmsg` (or the transport's text).
    public var message: String
    /// The transport error, when the server could not be reached.
    public var underlying: RoleHTTPClientError?

    /// Creates an error.
    public init(code: Int, codeName: String, message: String, underlying: RoleHTTPClientError? = nil) {
        self.code = code
        self.codeName = codeName
        self.message = message
        self.underlying = underlying
    }

    /// `{ok: 0, errmsg, code, codeName}` as the server answers it.
    public var reply: JSONValue {
        ["ok": .int(0), "errmsg": .string(message), "code": .int(Int64(code)), "codeName": .string(codeName)]
    }

    /// Reads an `{ok: 0, …}` reply; `nil` when the reply is a success.
    public init?(reply: JSONValue) {
        guard (reply["ok"]?.doubleValue ?? 0) != 1 else { return nil }
        self.init(
            code: Int(reply["code"]?.intValue ?? 0), codeName: reply["codeName"]?.stringValue ?? "",
            message: reply["errmsg"]?.stringValue ?? "unknown error"
        )
    }

    /// `true` when nothing answered (connection refused, no such host, dial timeout).
    public var isUnreachable: Bool { underlying?.isConnectFailure ?? false }

    public var description: String {
        if code == 18 { return "server returned error on SASL authentication step: \(message)" }
        return message
    }

    /// Code 18: wrong user, password or authentication database.
    public static let authenticationFailed = DocumentStoreError(
        code: 18, codeName: "AuthenticationFailed", message: "Authentication failed."
    )

    /// Code 13 for a command the user may not run.
    public static func unauthorized(database: String, command: String) -> DocumentStoreError {
        DocumentStoreError(
            code: 13, codeName: "Unauthorized", message: "not authorized on \(database) to execute command \(command)"
        )
    }

    /// Code 11: the user does not exist.
    public static func userNotFound(_ user: String, database: String) -> DocumentStoreError {
        DocumentStoreError(
            code: 11, codeName: "UserNotFound", message: "Could not find user \"\(user)\" for db \"\(database)\""
        )
    }
}
