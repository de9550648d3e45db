import Foundation
import OpsLabCore

/// A client for the `mongodb` role (what the hotel services use instead of mgo).
///
/// URLs: `mongodb://admin:admin@mongodb-geo:27017`, `mongodb-geo:27017`, optionally with `/db` and
/// `?authSource=x` (the auth database defaults to the URL's database, else `admin`). Server errors throw
/// ``DocumentStoreError`` with the server's code and text; a host that cannot be reached throws one reading
/// `no reachable servers` (as mgo says) with the socket error in `underlying`.
public struct DocumentStoreClient: Sendable {
    /// The host (Service name or IP).
    public var host: String
    /// The port (27017 by default).
    public var port: Int
    /// The credentials sent with every command, if any.
    public var credentials: DocumentStoreEngine.Credentials?
    /// The database named in the URL, if any.
    public var defaultDatabase: String?
    /// The HTTP client.
    public let http: RoleHTTPClient

    /// Creates a client from a MongoDB URL (no network traffic until the first command).
    public init(url: String, http: RoleHTTPClient) {
        var rest = Substring(url)
        if rest.hasPrefix("mongodb://") { rest = rest.dropFirst("mongodb://".count) }
        var query: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            query = RoleHTTPRequest.parseQuery(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        var database: String?
        if let slash = rest.firstIndex(of: "/") {
            let name = rest[rest.index(after: slash)...]
            database = name.isEmpty ? nil : String(name)
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            credentials = DocumentStoreEngine.Credentials(
                user: RoleHTTPRequest.percentDecode(parts[0], plusIsSpace: false),
                password: parts.count > 1 ? RoleHTTPRequest.percentDecode(parts[1], plusIsSpace: false) : "",
                source: query["authSource"] ?? database ?? "admin"
            )
        }
        let firstHost = rest.split(separator: ",").first ?? rest
        if let colon = firstHost.lastIndex(of: ":"), let number = Int(firstHost[firstHost.index(after: colon)...]) {
            host = String(firstHost[..<colon])
            port = number
        } else {
            host = String(firstHost)
            port = 27017
        }
        defaultDatabase = database
        self.http = http
    }

    /// Runs a command document on a database and returns the reply (`ok: 1`).
    ///
    /// Runs in a database client span and is counted in the HTTP client's telemetry
    /// (`db_client_operations_total`, see ``RoleTelemetry/observeDatabase(_:outcome:_:)``).
    public func run(_ command: JSONValue, database: String) async throws -> JSONValue {
        try await http.telemetry.observeDatabase(
            telemetryOperation(command, database: database), outcome: Self.outcome(of:)
        ) {
            try await perform(command, database: database)
        }
    }

    private func perform(_ command: JSONValue, database: String) async throws -> JSONValue {
        var document = command
        document["$db"] = .string(database)
        let response: RoleHTTPResponse
        do {
            response = try await http.send(
                "POST", "http://\(host):\(port)/command", headers: DocumentStoreHTTP.headers(for: credentials),
                body: document.jsonData()
            )
        } catch let error as RoleHTTPClientError {
            let message = error.isConnectFailure ? "no reachable servers" : error.description
            throw DocumentStoreError(code: 0, codeName: "", message: message, underlying: error)
        }
        guard let reply = response.jsonBody else {
            throw DocumentStoreError(
                code: 0, codeName: "", message: "unexpected reply (HTTP \(response.status)): \(response.bodyText)"
            )
        }
        if let error = DocumentStoreError(reply: reply) { throw error }
        return reply
    }

    /// Checks that the server answers and that the credentials (if any) are valid (mgo's `Dial`).
    public func ping() async throws {
        _ = try await run(["ping": 1], database: credentials?.source ?? "admin")
    }

    /// The documents of a collection matching a filter (`{}` for all).
    public func find(database: String, collection: String, filter: JSONValue) async throws -> [JSONValue] {
        let reply = try await run(["find": .string(collection), "filter": filter], database: database)
        return reply[path: ["cursor", "firstBatch"]]?.arrayValue ?? []
    }

    /// The first matching document, or `nil`.
    public func findOne(database: String, collection: String, filter: JSONValue) async throws -> JSONValue? {
        let command: JSONValue = ["find": .string(collection), "filter": filter, "limit": 1]
        return try await run(command, database: database)[path: ["cursor", "firstBatch"]]?[0]
    }

    /// Counts matching documents.
    public func count(database: String, collection: String, filter: JSONValue) async throws -> Int {
        let reply = try await run(["count": .string(collection), "query": filter], database: database)
        return Int(reply["n"]?.intValue ?? 0)
    }

    /// Inserts documents (an `_id` is added to those without one).
    public func insertMany(database: String, collection: String, documents: [JSONValue]) async throws {
        guard !documents.isEmpty else { return }
        let command: JSONValue = ["insert": .string(collection), "documents": .array(documents), "ordered": true]
        _ = try await run(command, database: database)
    }

    /// Inserts one document.
    public func insertOne(database: String, collection: String, document: JSONValue) async throws {
        try await insertMany(database: database, collection: collection, documents: [document])
    }

    /// `$set`s fields on the first matching document, inserting one (filter fields + `set`) when none matches.
    public func upsert(database: String, collection: String, filter: JSONValue, set: JSONValue) async throws {
        try await update(
            database: database, collection: collection, filter: filter, update: ["$set": set],
            upsert: true, multi: false)
    }

    /// Applies an update document (`{$set: …}`, `{$inc: …}` or a replacement); returns the matched count.
    @discardableResult
    public func update(
        database: String, collection: String, filter: JSONValue, update: JSONValue, upsert: Bool = false,
        multi: Bool = false
    ) async throws -> Int {
        let statement: JSONValue = ["q": filter, "u": update, "upsert": .bool(upsert), "multi": .bool(multi)]
        let command: JSONValue = ["update": .string(collection), "updates": [statement], "ordered": true]
        return Int(try await run(command, database: database)["n"]?.intValue ?? 0)
    }

    /// Deletes every matching document; returns how many.
    @discardableResult
    public func deleteMany(database: String, collection: String, filter: JSONValue) async throws -> Int {
        let command: JSONValue = [
            "delete": .string(collection), "deletes": [["q": filter, "limit": 0]], "ordered": true,
        ]
        return Int(try await run(command, database: database)["n"]?.intValue ?? 0)
    }
}
