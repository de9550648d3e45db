import Foundation
import OpsLabCore

/// An in-memory ``HotelDocumentStore`` (tests and demos).
public final class HotelMemoryStore: HotelDocumentStore, @unchecked Sendable {
    private let lock = NSLock()
    private var collections: [String: [JSONValue]] = [:]
    /// When set, every call throws this error (to simulate a refusing database).
    public var failure: (any Error & Sendable)? {
        get { lock.withLock { storedFailure } }
        set { lock.withLock { storedFailure = newValue } }
    }
    private var storedFailure: (any Error & Sendable)?

    /// Creates an empty store.
    public init() {}

    /// Whether `document` matches an equality `filter`.
    public static func matches(_ document: JSONValue, _ filter: JSONValue) -> Bool {
        guard let conditions = filter.objectValue else { return true }
        return conditions.allSatisfy { key, value in document[key] == value }
    }

    public func ping() async throws {
        if let failure { throw failure }
    }

    public func count(_ collection: String, filter: JSONValue) async throws -> Int {
        try await find(collection, filter: filter).count
    }

    public func find(_ collection: String, filter: JSONValue) async throws -> [JSONValue] {
        try lock.withLock {
            if let storedFailure { throw storedFailure }
            return (collections[collection] ?? []).filter { Self.matches($0, filter) }
        }
    }

    public func insertMany(_ collection: String, documents: [JSONValue]) async throws {
        try lock.withLock {
            if let storedFailure { throw storedFailure }
            collections[collection, default: []] += documents
        }
    }
}
