import Foundation
import OpsLabCore

/// A ``HotelDocumentStore`` over the `mongodb` role, bound to one database.
public struct HotelMongoStore: HotelDocumentStore {
    /// The client (carries the credentials).
    public var client: DocumentStoreClient
    /// The database, e.g. `geo-db`.
    public var database: String

    /// Creates a store.
    public init(client: DocumentStoreClient, database: String) {
        self.client = client
        self.database = database
    }

    public func ping() async throws {
        try await client.ping()
    }

    public func count(_ collection: String, filter: JSONValue) async throws -> Int {
        try await client.count(database: database, collection: collection, filter: filter)
    }

    public func find(_ collection: String, filter: JSONValue) async throws -> [JSONValue] {
        try await client.find(database: database, collection: collection, filter: filter)
    }

    public func insertMany(_ collection: String, documents: [JSONValue]) async throws {
        try await client.insertMany(database: database, collection: collection, documents: documents)
    }
}

extension DocumentStoreError: HotelUnreachableError {
    /// Any transport failure (refused, closed before answering, timeout): the database did not answer yet.
    public var isTransientDialFailure: Bool { underlying != nil }
}
