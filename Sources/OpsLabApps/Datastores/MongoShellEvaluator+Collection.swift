import Foundation
import OpsLabCore

extension MongoShellEvaluator {
    static let collectionFrame = "DBCollection.prototype"

    func collectionMethod(
        _ method: String, database: String, collection: String, arguments: [JSONValue]
    ) async throws -> MongoShellValue {
        let filter = arguments.first ?? .emptyObject
        switch method {
        case "find":
            return .cursor(MongoShellCursor(database: database, collection: collection, filter: filter))
        case "findOne":
            var cursor = MongoShellCursor(database: database, collection: collection, filter: filter)
            cursor.limit = 1
            return .json(try await fetch(cursor).first ?? .null)
        case "count", "countDocuments", "estimatedDocumentCount":
            return .json(.int(Int64(try await count(database: database, collection: collection, filter: filter))))
        case "insert", "insertOne", "insertMany":
            return try await insert(method, database: database, collection: collection, argument: arguments.first)
        case "update", "updateOne", "updateMany", "replaceOne":
            return try await update(method, database: database, collection: collection, arguments: arguments)
        case "remove", "deleteOne", "deleteMany":
            let limit: JSONValue = method == "deleteOne" ? 1 : 0
            let command: JSONValue = [
                "delete": .string(collection), "deletes": [["q": filter, "limit": limit]],
                "ordered": true,
            ]
            let reply = try await write(command, database: database)
            let n = reply["n"] ?? 0
            if method == "remove" { return .text("WriteResult({ \"nRemoved\" : \(MongoText.format(n)) })") }
            return .json(["acknowledged": true, "deletedCount": n])
        case "drop":
            do {
                _ = try await session.client.run(["drop": .string(collection)], database: database)
                return .json(true)
            } catch let error as DocumentStoreError where error.code == 26 {
                return .json(false)
            } catch let error as DocumentStoreError {
                throw shellError(
                    error, command: ["drop": .string(collection)],
                    frame: "\(Self.collectionFrame).drop@src/mongo/shell/collection.js:713:15")
            }
        case "getName":
            return .json(.string(collection))
        case "getFullName":
            return .json(.string("\(database).\(collection)"))
        default:
            throw MongoShellError("TypeError: db.\(collection).\(method) is not a function")
        }
    }

    func count(database: String, collection: String, filter: JSONValue) async throws -> Int {
        let command: JSONValue = ["count": .string(collection), "query": filter]
        do {
            return Int(try await session.client.run(command, database: database)["n"]?.intValue ?? 0)
        } catch let error as DocumentStoreError where error.code != 0 {
            throw MongoShellError(
                "count failed: \(MongoShellFormat.pretty(error.reply))",
                frame:
                    "DBQuery.prototype.count@src/mongo/shell/query.js:384:11\n\(Self.collectionFrame).count@src/mongo/shell/collection.js:1401:12"
            )
        } catch let error as DocumentStoreError {
            throw shellError(error, command: command, frame: "DBQuery.prototype.count@src/mongo/shell/query.js:384:11")
        }
    }

    /// Runs a write command; errors become `WriteCommandError({…})`.
    func write(_ command: JSONValue, database: String) async throws -> JSONValue {
        do {
            return try await session.client.run(command, database: database)
        } catch let error as DocumentStoreError where error.code != 0 {
            var failure = MongoShellError(
                "WriteCommandError(\(MongoShellFormat.pretty(error.reply)))",
                frame: "\(Self.collectionFrame).insertOne@src/mongo/shell/crud_api.js:264:9")
            failure.prefix = ""
            throw failure
        } catch let error as DocumentStoreError {
            throw shellError(
                error, command: command, frame: "\(Self.collectionFrame).insertOne@src/mongo/shell/crud_api.js:264:9")
        }
    }

    func insert(
        _ method: String, database: String, collection: String, argument: JSONValue?
    ) async throws
        -> MongoShellValue
    {
        guard let argument else { throw MongoShellError("no object passed to insert!") }
        var generator = ObjectIdGenerator()
        let documents = (argument.arrayValue ?? [argument]).map { document -> JSONValue in
            var stored = document
            if stored["_id"] == nil { stored["_id"] = generator.next() }
            return stored
        }
        let command: JSONValue = ["insert": .string(collection), "documents": .array(documents), "ordered": true]
        if method == "insert" {
            do {
                let reply = try await session.client.run(command, database: database)
                return .text("WriteResult({ \"nInserted\" : \(MongoText.format(reply["n"] ?? 0)) })")
            } catch let error as DocumentStoreError where error.code != 0 {
                return .text("WriteCommandError(\(MongoShellFormat.pretty(error.reply)))")
            }
        }
        _ = try await write(command, database: database)
        if method == "insertOne" {
            return .json(["acknowledged": true, "insertedId": documents[0]["_id"] ?? .null])
        }
        return .json(["acknowledged": true, "insertedIds": .array(documents.map { $0["_id"] ?? .null })])
    }

    func update(
        _ method: String, database: String, collection: String, arguments: [JSONValue]
    ) async throws
        -> MongoShellValue
    {
        guard arguments.count >= 2 else { throw MongoShellError("need a query and an update object") }
        let options = arguments[safe: 2] ?? .emptyObject
        let upsert = options["upsert"]?.boolValue ?? false
        let multi = method == "updateMany" || (method == "update" && (options["multi"]?.boolValue ?? false))
        let statement: JSONValue = [
            "q": arguments[0], "u": arguments[1], "upsert": .bool(upsert), "multi": .bool(multi),
        ]
        let command: JSONValue = ["update": .string(collection), "updates": [statement], "ordered": true]
        let reply = try await write(command, database: database)
        let upserted = reply["upserted"]?.arrayValue ?? []
        let matched = (reply["n"]?.intValue ?? 0) - Int64(upserted.count)
        let modified = reply["nModified"] ?? 0
        if method == "update" {
            return .text(
                "WriteResult({ \"nMatched\" : \(matched), \"nUpserted\" : \(upserted.count), \"nModified\" : \(MongoText.format(modified)) })"
            )
        }
        var result: JSONValue = ["acknowledged": true, "matchedCount": .int(matched), "modifiedCount": modified]
        if let first = upserted.first { result["upsertedId"] = first["_id"] }
        return .json(result)
    }

    func cursorMethod(
        _ method: String, cursor: MongoShellCursor, arguments: [JSONValue]
    ) async throws
        -> MongoShellValue
    {
        var cursor = cursor
        switch method {
        case "pretty": cursor.pretty = true
        case "limit": cursor.limit = Int(arguments.first?.intValue ?? 0)
        case "skip": cursor.skip = Int(arguments.first?.intValue ?? 0)
        case "sort", "batchSize", "hint", "readPref": break
        case "count":
            return .json(
                .int(
                    Int64(
                        try await count(
                            database: cursor.database, collection: cursor.collection,
                            filter: cursor.filter))))
        case "size", "itcount", "length":
            return .json(.int(Int64(try await fetch(cursor).count)))
        case "toArray":
            return .json(.array(try await fetch(cursor)))
        default:
            throw MongoShellError("TypeError: \(method) is not a function")
        }
        return .cursor(cursor)
    }
}
