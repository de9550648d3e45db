import Foundation
import OpsLabCore

/// One service's database (`geo-db`, `rate-db`, …) as the hotel services use it.
///
/// Filters are Mongo-style equality documents (`{"hotelId": "1"}`; `{}` matches everything).
/// Errors carry the database's own text (e.g. `not authorized on geo-db to execute command …`).
public protocol HotelDocumentStore: Sendable {
    /// Connects and authenticates (the original's `mgo.Dial`).
    func ping() async throws
    /// Counts the documents of `collection` that match `filter`.
    func count(_ collection: String, filter: JSONValue) async throws -> Int
    /// The documents of `collection` that match `filter`.
    func find(_ collection: String, filter: JSONValue) async throws -> [JSONValue]
    /// Inserts documents into `collection`.
    func insertMany(_ collection: String, documents: [JSONValue]) async throws
}

/// A memcached-like cache as the hotel services use it; a miss is `nil`, not an error.
public protocol HotelCache: Sendable {
    /// The value of `key`, or `nil` on a miss.
    func get(_ key: String) async throws -> String?
    /// The values of the keys that hit.
    func getMulti(_ keys: [String]) async throws -> [String: String]
    /// Stores a value.
    func set(_ key: String, _ value: String) async throws
}

/// An error that may mean the database could not be reached at all (worth retrying at start), as opposed to
/// an answer such as an authentication or authorization failure.
public protocol HotelUnreachableError: Error {
    /// `true` when no database answered (connection refused or closed, no such host, timeout).
    var isTransientDialFailure: Bool { get }
}
