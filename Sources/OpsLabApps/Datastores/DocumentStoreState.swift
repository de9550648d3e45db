import Foundation
import OpsLabCore

/// Everything a document store holds: databases of collections of documents, and users per auth database.
///
/// Persisted as one JSON file (see ``DocumentStoreRole``). Databases exist while they have a collection;
/// `admin` also exists while it has users (MongoDB keeps them in `admin.system.users`).
public struct DocumentStoreState: Sendable, Codable, Equatable {
    /// database → collection → documents (in insertion order).
    public var databases: [String: [String: [JSONValue]]]
    /// Every user, of every authentication database.
    public var users: [MongoUser]

    /// An empty store.
    public init(databases: [String: [String: [JSONValue]]] = [:], users: [MongoUser] = []) {
        self.databases = databases
        self.users = users
    }

    /// Whether the store has neither data nor users (init scripts run only then).
    public var isEmpty: Bool { users.isEmpty && databases.values.allSatisfy { $0.isEmpty } }

    /// The index of `user` in auth database `db`.
    public func userIndex(_ user: String, db: String) -> Int? {
        users.firstIndex { $0.user == user && $0.db == db }
    }

    /// Names of every database that exists, sorted; `admin`, `config` and `local` always exist.
    public var databaseNames: [String] {
        var names = Set(databases.filter { !$0.value.isEmpty }.keys)
        names.formUnion(["admin", "config", "local"])
        return names.sorted()
    }

    /// Names of the collections of a database, sorted (`system.users`/`system.version` in `admin` with users).
    public func collectionNames(_ database: String) -> [String] {
        var names = Set((databases[database] ?? [:]).keys)
        if database == "admin", !users.isEmpty { names.formUnion(["system.users", "system.version"]) }
        if database == "local" { names.insert("startup_log") }
        return names.sorted()
    }

    /// The documents of a collection.
    public func documents(_ database: String, _ collection: String) -> [JSONValue] {
        if database == "admin", collection == "system.users" { return users.map(\.info) }
        return databases[database]?[collection] ?? []
    }

    /// A rough size in bytes of a database, for `show dbs`.
    public func sizeOnDisk(_ database: String) -> Int {
        let documents = (databases[database] ?? [:]).values.joined()
        let userBytes = database == "admin" ? users.count * 200 : 0
        return documents.reduce(0) { $0 + $1.jsonData().count } + userBytes + 8192
    }
}

/// Generates MongoDB ObjectIds: 4 bytes of seconds, 5 random bytes, a 3-byte counter, as 24 hex digits.
public struct ObjectIdGenerator: Sendable {
    private var counter: UInt32
    private let random: UInt64

    /// Creates a generator with a random process part and counter start.
    public init() {
        var generator = SystemRandomNumberGenerator()
        counter = UInt32.random(in: 0..<0xFF_FFFF, using: &generator)
        random = UInt64.random(in: 0..<(1 << 40), using: &generator)
    }

    /// The next id as `{"$oid": "…"}`.
    public mutating func next(now: Date = Date()) -> JSONValue {
        counter = (counter + 1) & 0xFF_FFFF
        let seconds = UInt32(truncatingIfNeeded: Int64(now.timeIntervalSince1970))
        let text = hex(UInt64(seconds), digits: 8) + hex(random, digits: 10) + hex(UInt64(counter), digits: 6)
        return ["$oid": .string(text)]
    }

    private func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
