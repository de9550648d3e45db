import Foundation
import OpsLabCore

/// One mongod log event (structured logging of MongoDB 4.4).
public struct MongoLogEvent: Sendable, Equatable {
    /// Severity: `I`, `W`, `E`, `F`.
    public var severity: String
    /// Component, e.g. `NETWORK`, `ACCESS`, `CONTROL`, `STORAGE`.
    public var component: String
    /// The message id.
    public var id: Int
    /// The context, e.g. `conn12`, `listener`, `initandlisten`.
    public var context: String
    /// The message.
    public var message: String
    /// Attributes.
    public var attributes: JSONValue

    /// Creates an event.
    public init(
        severity: String = "I", component: String, id: Int, context: String, message: String,
        attributes: JSONValue = .emptyObject
    ) {
        self.severity = severity
        self.component = component
        self.id = id
        self.context = context
        self.message = message
        self.attributes = attributes
    }

    /// `Authentication failed` for a login with unknown user or wrong password.
    static func authenticationFailed(
        credentials: DocumentStoreEngine.Credentials, client: String, result: DocumentStoreEngine.AuthFailure
    ) -> MongoLogEvent {
        MongoLogEvent(
            component: "ACCESS", id: 20249, context: "conn", message: "Authentication failed",
            attributes: [
                "mechanism": "SCRAM-SHA-1", "speculative": false, "principalName": .string(credentials.user),
                "authenticationDatabase": .string(credentials.source), "remote": .string(client),
                "extraInfo": .emptyObject, "error": .string(result.text),
            ]
        )
    }

    /// `Checking authorization failed` for a command the user may not run.
    static func authorizationFailed(_ error: DocumentStoreError, client: String) -> MongoLogEvent {
        MongoLogEvent(
            component: "ACCESS", id: 20436, context: "conn", message: "Checking authorization failed",
            attributes: [
                "error": [
                    "code": .int(Int64(error.code)), "codeName": .string(error.codeName),
                    "errmsg": .string(error.message),
                ]
            ]
        )
    }
}

/// Formats mongod's JSON log lines: `{"t":{"$date":"…"},"s":"I",  "c":"NETWORK",  "id":23016, …}`.
public enum MongoLog {
    /// One log line (without the newline).
    public static func line(_ event: MongoLogEvent, date: Date = Date()) -> String {
        let severity = "\"s\":\"\(event.severity)\","
        let component = "\"c\":\"\(event.component)\","
        let id = "\"id\":\(event.id),"
        var text = "{\"t\":{\"$date\":\"\(timestamp(date))\"},"
        text += pad(severity, 9) + pad(component, 16) + pad(id, 13)
        text += "\"ctx\":\(JSONValue.string(event.context).jsonString()),"
        text += "\"msg\":\(JSONValue.string(event.message).jsonString())"
        if let attributes = event.attributes.objectValue, !attributes.isEmpty {
            text += ",\"attr\":\(event.attributes.jsonString())"
        }
        return text + "}"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// `2024-05-01T10:00:00.123+00:00`.
    public static func timestamp(_ date: Date) -> String {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let base = RoleOutput.timestamp(date).dropLast()
        let fraction = String(repeating: "0", count: 3 - String(millis).count) + String(millis)
        return "\(base).\(fraction)+00:00"
    }
}
