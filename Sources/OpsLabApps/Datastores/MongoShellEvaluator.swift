import Foundation
import OpsLabCore

/// Evaluates parsed shell statements against a ``MongoShell/Session``.
struct MongoShellEvaluator {
    var session: MongoShell.Session

    static let databaseMethods: Set<String> = [
        "getUsers", "getUser", "createUser", "updateUser", "grantRolesToUser", "revokeRolesFromUser", "dropUser",
        "dropAllUsers", "auth", "logout", "getSiblingDB", "getName", "getCollectionNames", "getCollection",
        "runCommand", "adminCommand", "dropDatabase", "version", "createCollection", "getCollectionInfos",
    ]

    mutating func execute(_ statement: MongoShellStatement, printed: inout String) async throws -> MongoShellValue {
        switch statement {
        case .use(let name):
            session.database = name
            return .text("switched to db \(name)")
        case .show(let what):
            return try await show(what)
        case .exit:
            return .undefined
        case .expression(let expression):
            return try await evaluate(expression, printed: &printed)
        }
    }

    func show(_ what: String) async throws -> MongoShellValue {
        switch what {
        case "dbs", "databases":
            let reply = try await command(
                ["listDatabases": 1], database: "admin", frame: "Mongo.prototype.getDBs@src/mongo/shell/mongo.js:147:19"
            )
            let entries = reply["databases"]?.arrayValue ?? []
            let width = entries.compactMap { $0["name"]?.stringValue?.count }.max() ?? 0
            let lines = entries.map { entry -> String in
                let name = entry["name"]?.stringValue ?? ""
                let gigabytes = Double(entry["sizeOnDisk"]?.intValue ?? 0) / 1_073_741_824
                return name + String(repeating: " ", count: width - name.count + 2)
                    + String(format: "%.3fGB", gigabytes)
            }
            return .text(lines.joined(separator: "\n"))
        case "collections", "tables":
            return .text(try await collectionNames(session.database).joined(separator: "\n"))
        case "users":
            let users = try await usersInfo(
                ["usersInfo": 1], database: session.database,
                frame: "DB.prototype.getUsers@src/mongo/shell/db.js:1638:15")
            return .text(users.map { MongoShellFormat.pretty($0) }.joined(separator: "\n"))
        default:
            throw MongoShellError(
                "don't know how to show [\(what)]", frame: "shellHelper.show@src/mongo/shell/utils.js:1211:11")
        }
    }

    mutating func evaluate(_ expression: MongoShellExpression, printed: inout String) async throws -> MongoShellValue {
        switch expression {
        case .literal(let value):
            return .json(value)
        case .identifier("db"):
            return .database(session.database)
        case .identifier(let name):
            throw MongoShellError("ReferenceError: \(name) is not defined")
        case .member(let target, let name):
            let base = try await evaluate(target, printed: &printed)
            switch base {
            case .database(let database) where !Self.databaseMethods.contains(name):
                return .collection(database: database, name: name)
            case .collection(let database, let collection):
                return .collection(database: database, name: "\(collection).\(name)")
            case .json(let value):
                if name == "length", let items = value.arrayValue { return .json(.int(Int64(items.count))) }
                if name == "length", let text = value.stringValue { return .json(.int(Int64(text.count))) }
                return value[name].map(MongoShellValue.json) ?? .undefined
            default:
                return .undefined
            }
        case .call(.identifier(let function), let arguments):
            let values = try await arguments.asyncMap { try await self.evaluateArgument($0) }
            switch function {
            case "print":
                printed += values.map(MongoShellFormat.printed).joined(separator: " ") + "\n"
            case "printjson":
                printed += (values.first.map { MongoShellFormat.pretty($0) } ?? "undefined") + "\n"
            case "tojson":
                return .json(.string(values.first.map { MongoShellFormat.pretty($0) } ?? "undefined"))
            default:
                throw MongoShellError("ReferenceError: \(function) is not defined")
            }
            return .undefined
        case .call(.member(let target, let method), let arguments):
            var printedInner = ""
            let base = try await evaluate(target, printed: &printedInner)
            printed += printedInner
            let values = try await arguments.asyncMap { try await self.evaluateArgument($0) }
            switch base {
            case .database(let database):
                return try await databaseMethod(method, database: database, arguments: values, printed: &printed)
            case .collection(let database, let collection):
                return try await collectionMethod(method, database: database, collection: collection, arguments: values)
            case .cursor(let cursor):
                return try await cursorMethod(method, cursor: cursor, arguments: values)
            default:
                throw MongoShellError("TypeError: \(method) is not a function")
            }
        case .call:
            throw MongoShellError("TypeError: expression is not a function")
        }
    }

    func evaluateArgument(_ expression: MongoShellExpression) async throws -> JSONValue {
        guard case .literal(let value) = expression else {
            throw MongoShellError("only literal arguments are supported")
        }
        return value
    }

    /// Runs a command; server errors and transport failures become shell errors.
    func command(_ document: JSONValue, database: String, frame: String) async throws -> JSONValue {
        do {
            return try await session.client.run(document, database: database)
        } catch let error as DocumentStoreError {
            throw shellError(error, command: document, frame: frame)
        }
    }

    func shellError(_ error: DocumentStoreError, command: JSONValue, frame: String) -> MongoShellError {
        if error.code == 0 {
            let name = DocumentStoreEngine.commandName(of: command) ?? "?"
            return MongoShellError(
                "network error while attempting to run command '\(name)' on host '\(session.client.host):\(session.client.port)' ",
                frame: frame
            )
        }
        return MongoShellError(error.message, frame: frame)
    }

    func usersInfo(_ document: JSONValue, database: String, frame: String) async throws -> [JSONValue] {
        try await command(document, database: database, frame: frame)["users"]?.arrayValue ?? []
    }

    func collectionNames(_ database: String) async throws -> [String] {
        let reply = try await command(
            ["listCollections": 1], database: database,
            frame: "DB.prototype._getCollectionInfosCommand@src/mongo/shell/db.js:1735:15")
        return (reply[path: ["cursor", "firstBatch"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    /// How the shell prints a value after evaluating it (with a trailing newline, or nothing).
    func display(_ value: MongoShellValue) async -> String {
        switch value {
        case .undefined: return ""
        case .text(let text): return text.isEmpty ? "" : text + "\n"
        case .database(let name): return name + "\n"
        case .collection(let database, let name): return "\(database).\(name)\n"
        case .json(let json):
            if case .string(let text) = json { return text + "\n" }
            return MongoShellFormat.pretty(json) + "\n"
        case .cursor(let cursor):
            do {
                let documents = try await fetch(cursor)
                let shown = documents.prefix(20)
                var text = shown.map { cursor.pretty ? MongoShellFormat.pretty($0) : MongoShellFormat.compact($0) }
                    .map { $0 + "\n" }.joined()
                if documents.count > 20 { text += "Type \"it\" for more\n" }
                return text
            } catch let error as MongoShellError {
                return error.report(eval: false)
            } catch {
                return "uncaught exception: Error: \(error)\n"
            }
        }
    }

    func fetch(_ cursor: MongoShellCursor) async throws -> [JSONValue] {
        var document: JSONValue = ["find": .string(cursor.collection), "filter": cursor.filter]
        if cursor.limit != 0 { document["limit"] = .int(Int64(cursor.limit)) }
        if cursor.skip != 0 { document["skip"] = .int(Int64(cursor.skip)) }
        do {
            let reply = try await session.client.run(document, database: cursor.database)
            return reply[path: ["cursor", "firstBatch"]]?.arrayValue ?? []
        } catch let error as DocumentStoreError where error.code != 0 {
            var shown = error.reply
            shown["ok"] = .double(0)
            throw MongoShellError(
                "error: \(MongoShellFormat.pretty(shown))",
                frame:
                    "DBCommandCursor@src/mongo/shell/query.js:720:34\nDBQuery.prototype._exec@src/mongo/shell/query.js:111:28"
            )
        } catch let error as DocumentStoreError {
            throw shellError(error, command: document, frame: "DBQuery.prototype._exec@src/mongo/shell/query.js:111:28")
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
