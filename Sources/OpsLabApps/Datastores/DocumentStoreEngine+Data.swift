import Foundation
import OpsLabCore

extension DocumentStoreEngine {
    func collectionName(_ command: JSONValue, _ name: String) throws -> String {
        guard let collection = command[name]?.stringValue, !collection.isEmpty else {
            throw DocumentStoreError(
                code: 73, codeName: "InvalidNamespace",
                message: "collection name has invalid type \(command[name]?.typeName ?? "null")"
            )
        }
        return collection
    }

    func find(_ command: JSONValue, database: String) throws -> JSONValue {
        let collection = try collectionName(command, "find")
        var documents = state.documents(database, collection).filter {
            DocumentQuery.matches($0, command["filter"] ?? .emptyObject)
        }
        if let skip = command["skip"]?.intValue, skip > 0 { documents = Array(documents.dropFirst(Int(skip))) }
        if let limit = command["limit"]?.intValue, limit != 0 { documents = Array(documents.prefix(Int(abs(limit)))) }
        return ["cursor": ["id": 0, "ns": .string("\(database).\(collection)"), "firstBatch": .array(documents)]]
    }

    func count(_ command: JSONValue, database: String) throws -> JSONValue {
        let collection = try collectionName(command, "count")
        let filter = command["query"] ?? .emptyObject
        let n = state.documents(database, collection).count { DocumentQuery.matches($0, filter) }
        return ["n": .int(Int64(n))]
    }

    mutating func insert(_ command: JSONValue, database: String) throws -> JSONValue {
        let collection = try collectionName(command, "insert")
        var added: [JSONValue] = []
        for document in command["documents"]?.arrayValue ?? [] {
            guard case .object = document else {
                throw DocumentStoreError(code: 2, codeName: "BadValue", message: "documents must be objects")
            }
            var stored = document
            if stored["_id"] == nil { stored["_id"] = ids.next() }
            added.append(stored)
        }
        state.databases[database, default: [:]][collection, default: []] += added
        return ["n": .int(Int64(added.count))]
    }

    mutating func update(_ command: JSONValue, database: String) throws -> JSONValue {
        let collection = try collectionName(command, "update")
        var documents = state.databases[database]?[collection] ?? []
        var matched = 0
        var modified = 0
        var upserted: [JSONValue] = []
        for (index, statement) in (command["updates"]?.arrayValue ?? []).enumerated() {
            let filter = statement["q"] ?? .emptyObject
            let change = statement["u"] ?? .emptyObject
            let multi = statement["multi"]?.boolValue ?? false
            var hit = false
            for position in documents.indices where DocumentQuery.matches(documents[position], filter) {
                hit = true
                matched += 1
                let updated = try DocumentQuery.applyUpdate(change, to: documents[position], inserting: false)
                if updated != documents[position] { modified += 1 }
                documents[position] = updated
                if !multi { break }
            }
            if !hit, statement["upsert"]?.boolValue ?? false {
                var seed = DocumentQuery.isOperatorUpdate(change) ? DocumentQuery.seed(from: filter) : .emptyObject
                seed["_id"] = filter["_id"] ?? ids.next()
                let created = try DocumentQuery.applyUpdate(change, to: seed, inserting: true)
                documents.append(created)
                upserted.append(["index": .int(Int64(index)), "_id": created["_id"] ?? .null])
            }
        }
        state.databases[database, default: [:]][collection] = documents
        var reply: JSONValue = ["n": .int(Int64(matched + upserted.count)), "nModified": .int(Int64(modified))]
        if !upserted.isEmpty { reply["upserted"] = .array(upserted) }
        return reply
    }

    mutating func delete(_ command: JSONValue, database: String) throws -> JSONValue {
        let collection = try collectionName(command, "delete")
        var documents = state.databases[database]?[collection] ?? []
        var removed = 0
        for statement in command["deletes"]?.arrayValue ?? [] {
            let filter = statement["q"] ?? .emptyObject
            let limit = statement["limit"]?.intValue ?? 0
            if limit == 1 {
                if let position = documents.firstIndex(where: { DocumentQuery.matches($0, filter) }) {
                    documents.remove(at: position)
                    removed += 1
                }
            } else {
                let before = documents.count
                documents.removeAll { DocumentQuery.matches($0, filter) }
                removed += before - documents.count
            }
        }
        if state.databases[database]?[collection] != nil { state.databases[database]?[collection] = documents }
        return ["n": .int(Int64(removed))]
    }

    mutating func create(_ command: JSONValue, database: String) throws -> JSONValue {
        let collection = try collectionName(command, "create")
        guard state.databases[database]?[collection] == nil else {
            throw DocumentStoreError(
                code: 48, codeName: "NamespaceExists",
                message: "Collection \(database).\(collection) already exists.")
        }
        state.databases[database, default: [:]][collection] = []
        return .emptyObject
    }

    mutating func drop(_ command: JSONValue, database: String) throws -> JSONValue {
        let collection = try collectionName(command, "drop")
        guard state.databases[database]?[collection] != nil else {
            throw DocumentStoreError(code: 26, codeName: "NamespaceNotFound", message: "ns not found")
        }
        state.databases[database]?[collection] = nil
        if state.databases[database]?.isEmpty ?? false { state.databases[database] = nil }
        return ["ns": .string("\(database).\(collection)"), "nIndexesWas": 1]
    }
}
