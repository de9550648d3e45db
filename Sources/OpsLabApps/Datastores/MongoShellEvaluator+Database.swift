import Foundation
import OpsLabCore

extension MongoShellEvaluator {
    static func frame(_ method: String, _ line: Int) -> String {
        "DB.prototype.\(method)@src/mongo/shell/db.js:\(line):15"
    }

    mutating func databaseMethod(
        _ method: String, database: String, arguments: [JSONValue], printed: inout String
    ) async throws -> MongoShellValue {
        let first = arguments.first
        switch method {
        case "getName": return .json(.string(database))
        case "getSiblingDB":
            guard let name = first?.stringValue else { throw MongoShellError("TypeError: db name must be a string") }
            return .database(name)
        case "getCollection":
            guard let name = first?.stringValue else { throw MongoShellError("collection name must be a string") }
            return .collection(database: database, name: name)
        case "version": return .json("4.4.6")
        case "getCollectionNames": return .json(.array(try await collectionNames(database).map(JSONValue.string)))
        case "getUsers":
            let users = try await usersInfo(["usersInfo": 1], database: database, frame: Self.frame("getUsers", 1638))
            return .json(.array(users))
        case "getUser":
            guard let name = first?.stringValue else {
                throw MongoShellError("User name for getUser shell helper must be a string")
            }
            let users = try await usersInfo(
                ["usersInfo": ["user": .string(name), "db": .string(database)]],
                database: database, frame: Self.frame("getUser", 1680))
            return .json(users.first ?? .null)
        case "createUser":
            return try await createUser(first, database: database, printed: &printed)
        case "updateUser":
            guard let name = first?.stringValue, let update = arguments[safe: 1]?.objectValue else {
                throw MongoShellError("updateUser needs a user name and an update document")
            }
            var document: JSONValue = ["updateUser": .string(name)]
            for (key, value) in update { document[key] = value }
            _ = try await command(document, database: database, frame: Self.frame("updateUser", 1443))
            return .undefined
        case "grantRolesToUser", "revokeRolesFromUser":
            guard let name = first?.stringValue, let roles = arguments[safe: 1] else {
                throw MongoShellError("\(method) needs a user name and an array of roles")
            }
            let line = method == "grantRolesToUser" ? 1561 : 1584
            _ = try await command(
                [method: .string(name), "roles": roles], database: database,
                frame: Self.frame(method, line))
            return .undefined
        case "dropUser":
            guard let name = first?.stringValue else { throw MongoShellError("dropUser needs a user name") }
            do {
                _ = try await session.client.run(["dropUser": .string(name)], database: database)
                return .json(true)
            } catch let error as DocumentStoreError where error.code == 11 {
                return .json(false)
            } catch let error as DocumentStoreError {
                throw shellError(error, command: ["dropUser": .string(name)], frame: Self.frame("dropUser", 1505))
            }
        case "dropAllUsers":
            let reply = try await command(
                ["dropAllUsersFromDatabase": 1], database: database,
                frame: Self.frame("dropAllUsers", 1521))
            return .json(reply["n"] ?? 0)
        case "auth":
            return try await authenticate(arguments, database: database, printed: &printed)
        case "logout":
            session.client.credentials = nil
            return .json(["ok": 1])
        case "runCommand", "adminCommand":
            var document = first ?? .emptyObject
            if let name = first?.stringValue { document = [name: 1] }
            return .json(try await runCommand(document, database: method == "adminCommand" ? "admin" : database))
        case "dropDatabase":
            return .json(try await runCommand(["dropDatabase": 1], database: database))
        case "createCollection":
            guard let name = first?.stringValue else { throw MongoShellError("collection name must be a string") }
            return .json(try await runCommand(["create": .string(name)], database: database))
        case "getCollectionInfos":
            let reply = try await command(
                ["listCollections": 1], database: database,
                frame: Self.frame("_getCollectionInfosCommand", 1735))
            return .json(reply[path: ["cursor", "firstBatch"]] ?? .array([]))
        default:
            throw MongoShellError("TypeError: db.\(method) is not a function")
        }
    }

    /// `db.runCommand`: server errors come back as the reply, only transport errors throw.
    func runCommand(_ document: JSONValue, database: String) async throws -> JSONValue {
        do {
            return try await session.client.run(document, database: database)
        } catch let error as DocumentStoreError where error.code != 0 {
            return error.reply
        } catch let error as DocumentStoreError {
            throw shellError(error, command: document, frame: Self.frame("runCommand", 169))
        }
    }

    mutating func createUser(
        _ specification: JSONValue?, database: String, printed: inout String
    ) async throws
        -> MongoShellValue
    {
        guard let specification, let name = specification["user"]?.stringValue else {
            throw MongoShellError(
                "no 'user' field provided to 'createUser' function",
                frame: Self.frame("createUser", 1353))
        }
        var document: JSONValue = ["createUser": .string(name)]
        for (key, value) in specification.objectValue ?? [:] where key != "user" { document[key] = value }
        do {
            _ = try await session.client.run(document, database: database)
        } catch let error as DocumentStoreError where error.code != 0 {
            throw MongoShellError("couldn't add user: \(error.message)", frame: Self.frame("createUser", 1386))
        } catch let error as DocumentStoreError {
            throw shellError(error, command: document, frame: Self.frame("createUser", 1386))
        }
        var shown = specification
        shown["pwd"] = nil
        printed += "Successfully added user: \(MongoShellFormat.pretty(shown))\n"
        return .undefined
    }

    mutating func authenticate(
        _ arguments: [JSONValue], database: String, printed: inout String
    ) async throws
        -> MongoShellValue
    {
        let user: String?
        let password: String?
        if let object = arguments.first?.objectValue {
            user = object["user"]?.stringValue
            password = object["pwd"]?.stringValue
        } else {
            user = arguments.first?.stringValue
            password = arguments[safe: 1]?.stringValue
        }
        guard let user, let password else {
            throw MongoShellError(
                "auth expects either (username, password) or ({ user: username, pwd: password })",
                frame: Self.frame("auth", 1257))
        }
        var candidate = session.client
        candidate.credentials = DocumentStoreEngine.Credentials(user: user, password: password, source: database)
        do {
            _ = try await candidate.run(["connectionStatus": 1], database: database)
        } catch let error as DocumentStoreError where error.code == 18 {
            printed += "Error: Authentication failed.\n"
            return .json(0)
        } catch let error as DocumentStoreError {
            throw shellError(error, command: ["saslStart": 1], frame: Self.frame("auth", 1257))
        }
        session.client = candidate
        return .json(1)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
