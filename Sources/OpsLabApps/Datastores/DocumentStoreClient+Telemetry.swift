import Foundation
import OpsLabCore

extension DocumentStoreClient {
    /// Commands whose value names a collection (`{"find": "geo", …}`).
    static let collectionCommands: Set<String> = [
        "find", "count", "insert", "update", "delete", "create", "drop", "aggregate", "distinct", "findAndModify",
        "listIndexes", "createIndexes",
    ]

    /// The command as telemetry names it: the operation is the command name (`other` for an unknown one), the
    /// collection the command's value for collection commands.
    func telemetryOperation(_ command: JSONValue, database: String) -> DatabaseOperation {
        let name = DocumentStoreEngine.commandName(of: command) ?? "other"
        let known = DocumentStoreEngine.knownCommands.contains(name) || Self.collectionCommands.contains(name)
        let collection = Self.collectionCommands.contains(name) ? command[name]?.stringValue ?? "" : ""
        return DatabaseOperation(
            system: "mongodb", database: database, collection: collection, operation: known ? name : "other",
            serverAddress: host, serverPort: port)
    }

    /// The `outcome` label of a failed command: the server's code name (`Unauthorized`, …, `error` without
    /// one), `unreachable` when nothing accepted the connection, `transport_error` for other socket failures.
    static func outcome(of error: any Error) -> String {
        guard let error = error as? DocumentStoreError else {
            return error is CancellationError ? "cancelled" : "error"
        }
        if error.underlying != nil { return error.isUnreachable ? "unreachable" : "transport_error" }
        return error.codeName.isEmpty ? "error" : error.codeName
    }
}
