import Foundation
import OpsLabCore

/// The document store's command processor: authentication, authorization and every command, as a value
/// (no I/O), so it can be tested directly. ``DocumentStoreRole`` serves it over HTTP and persists ``state``.
///
/// Commands are MongoDB command documents with the target database in `$db`, e.g.
/// `{"count": "geo", "query": {}, "$db": "geo-db"}`; replies are `{…, "ok": 1}` or
/// `{"ok": 0, "errmsg", "code", "codeName"}`.
public struct DocumentStoreEngine: Sendable {
    /// Login details sent with a command (HTTP Basic plus the authentication database).
    public struct Credentials: Sendable, Equatable {
        /// The user name.
        public var user: String
        /// The password.
        public var password: String
        /// The authentication database (`authSource`), `admin` by default.
        public var source: String

        /// Creates credentials.
        public init(user: String, password: String, source: String = "admin") {
            self.user = user
            self.password = password
            self.source = source
        }
    }

    /// The result of one command.
    public struct Outcome: Sendable {
        /// The reply document.
        public var reply: JSONValue
        /// Whether ``DocumentStoreEngine/state`` changed (and should be persisted).
        public var mutated: Bool
        /// Log events the command produced (auth failures, user changes).
        public var events: [MongoLogEvent]
    }

    /// Commands that anyone may run, even unauthenticated.
    public static let publicCommands: Set<String> = [
        "ping", "hello", "isMaster", "ismaster", "buildInfo", "buildinfo", "connectionStatus", "whatsmyuri",
        "getLastError", "logout",
    ]
    /// Every command the engine knows.
    public static let knownCommands: Set<String> = publicCommands.union([
        "find", "count", "insert", "update", "delete", "drop", "dropDatabase", "listDatabases",
        "listCollections", "createUser", "updateUser", "dropUser", "dropAllUsersFromDatabase", "grantRolesToUser",
        "revokeRolesFromUser", "usersInfo", "create",
    ])

    /// Databases, collections and users.
    public var state: DocumentStoreState
    /// Whether commands require authentication and authorization (`mongod --auth`).
    public var authEnabled: Bool
    var ids = ObjectIdGenerator()

    /// Creates an engine over a state.
    public init(state: DocumentStoreState = DocumentStoreState(), authEnabled: Bool) {
        self.state = state
        self.authEnabled = authEnabled
    }

    /// The command name of a command document: its first key that is a known command.
    public static func commandName(of command: JSONValue) -> String? {
        guard let keys = command.objectValue?.keys else { return nil }
        return keys.first { knownCommands.contains($0) } ?? keys.first { !$0.hasPrefix("$") }
    }

    /// Runs one command for a client (`client` is `ip:port`, for logs).
    public mutating func execute(_ command: JSONValue, credentials: Credentials?, client: String = "") -> Outcome {
        var events: [MongoLogEvent] = []
        guard let name = Self.commandName(of: command) else {
            let error = DocumentStoreError(code: 59, codeName: "CommandNotFound", message: "no such command: ''")
            return Outcome(reply: error.reply, mutated: false, events: [])
        }
        let database = command["$db"]?.stringValue ?? "test"
        var user: MongoUser?
        if let credentials {
            switch authenticate(credentials) {
            case .success(let found):
                user = found
            case .failure(let reason):
                events.append(.authenticationFailed(credentials: credentials, client: client, result: reason))
                return Outcome(reply: DocumentStoreError.authenticationFailed.reply, mutated: false, events: events)
            }
        }
        if authEnabled, !Self.publicCommands.contains(name) {
            if let denial = authorize(name, command: command, database: database, user: user) {
                events.append(.authorizationFailed(denial, client: client))
                return Outcome(reply: denial.reply, mutated: false, events: events)
            }
        }
        do {
            let before = state
            var reply = try run(name, command: command, database: database, user: user, events: &events)
            reply["ok"] = .double(1)
            return Outcome(reply: reply, mutated: state != before, events: events)
        } catch let error as DocumentStoreError {
            return Outcome(reply: error.reply, mutated: false, events: events)
        } catch {
            let failure = DocumentStoreError(code: 1, codeName: "InternalError", message: "\(error)")
            return Outcome(reply: failure.reply, mutated: false, events: events)
        }
    }

    /// Checks credentials; the failure text is what mongod logs as the result.
    func authenticate(_ credentials: Credentials) -> Result<MongoUser, AuthFailure> {
        guard let index = state.userIndex(credentials.user, db: credentials.source) else {
            return .failure(
                AuthFailure(
                    text: "UserNotFound: Could not find user \"\(credentials.user)\" for db \"\(credentials.source)\""
                ))
        }
        let user = state.users[index]
        guard user.password == credentials.password else {
            return .failure(AuthFailure(text: "AuthenticationFailed: SCRAM authentication failed, storedKey mismatch"))
        }
        return .success(user)
    }

    /// Why authentication failed, as mongod logs it.
    struct AuthFailure: Error {
        var text: String
    }

    /// `nil` when the user may run the command, else the code-13 error.
    func authorize(_ name: String, command: JSONValue, database: String, user: MongoUser?) -> DocumentStoreError? {
        guard let user else {
            return DocumentStoreError(
                code: 13, codeName: "Unauthorized", message: "command \(name) requires authentication"
            )
        }
        let roles = user.roles
        let allowed: Bool
        switch name {
        case "find", "count", "listCollections":
            allowed = MongoRoles.allows(roles, .read, on: database)
        case "insert", "update", "delete", "drop", "create":
            allowed = MongoRoles.allows(roles, .write, on: database)
        case "dropDatabase":
            allowed = MongoRoles.allows(roles, .dropDatabase, on: database)
        case "listDatabases":
            allowed = true
        case "usersInfo":
            allowed =
                MongoRoles.allows(roles, .userAdmin, on: database)
                || isSelfLookup(command, user: user, database: database)
        default:
            allowed = MongoRoles.allows(roles, .userAdmin, on: database)
        }
        return allowed ? nil : .unauthorized(database: database, command: Self.describe(command, name: name))
    }

    private func isSelfLookup(_ command: JSONValue, user: MongoUser, database: String) -> Bool {
        let target = command["usersInfo"]
        if let name = target?.stringValue { return name == user.user && database == user.db }
        if let name = target?["user"]?.stringValue {
            return name == user.user && (target?["db"]?.stringValue ?? database) == user.db
        }
        return false
    }

    /// The command as mongod prints it in errors: command name first, other fields sorted, `$db` last;
    /// document sequences (`documents`, `updates`, `deletes`) left out and passwords shown as `"xxx"`.
    public static func describe(_ command: JSONValue, name: String) -> String {
        let members = command.objectValue ?? [:]
        var fields: [(String, JSONValue)] = [(name, members[name] ?? .null)]
        let hidden: Set<String> = [name, "$db", "documents", "updates", "deletes"]
        for key in members.keys.sorted() where !hidden.contains(key) {
            fields.append((key, key == "pwd" ? .string("xxx") : members[key]!))
        }
        if let database = members["$db"] { fields.append(("$db", database)) }
        return MongoText.formatFields(fields)
    }

    mutating func run(
        _ name: String, command: JSONValue, database: String, user: MongoUser?, events: inout [MongoLogEvent]
    ) throws -> JSONValue {
        switch name {
        case "ping", "getLastError", "logout": return .emptyObject
        case "hello", "isMaster", "ismaster":
            return ["ismaster": true, "isWritablePrimary": true, "maxWireVersion": 9, "minWireVersion": 0]
        case "buildInfo", "buildinfo": return ["version": "4.4.6", "versionArray": [4, 4, 6, 0]]
        case "whatsmyuri": return ["you": ""]
        case "connectionStatus": return connectionStatus(user)
        case "find": return try find(command, database: database)
        case "count": return try count(command, database: database)
        case "insert": return try insert(command, database: database)
        case "update": return try update(command, database: database)
        case "delete": return try delete(command, database: database)
        case "create": return try create(command, database: database)
        case "drop": return try drop(command, database: database)
        case "dropDatabase":
            state.databases[database] = nil
            return ["dropped": .string(database)]
        case "listDatabases": return listDatabases(user: user)
        case "listCollections": return listCollections(database: database)
        default: return try runUserCommand(name, command: command, database: database, user: user, events: &events)
        }
    }

    private func connectionStatus(_ user: MongoUser?) -> JSONValue {
        let users: [JSONValue] = user.map { [["user": .string($0.user), "db": .string($0.db)]] } ?? []
        let roles: [JSONValue] = user?.roles.map(\.json) ?? []
        return ["authInfo": ["authenticatedUsers": .array(users), "authenticatedUserRoles": .array(roles)]]
    }

    private func listDatabases(user: MongoUser?) -> JSONValue {
        var names = state.databaseNames
        if authEnabled, let user, !MongoRoles.allows(user.roles, .listAllDatabases, on: "admin") {
            names = names.filter { database in
                MongoAction.allCases.contains { MongoRoles.allows(user.roles, $0, on: database) }
            }
        }
        let entries: [JSONValue] = names.map { name in
            let size = state.sizeOnDisk(name)
            return ["name": .string(name), "sizeOnDisk": .int(Int64(size)), "empty": .bool(false)]
        }
        let total = names.reduce(0) { $0 + state.sizeOnDisk($1) }
        return ["databases": .array(entries), "totalSize": .int(Int64(total))]
    }

    private func listCollections(database: String) -> JSONValue {
        let items: [JSONValue] = state.collectionNames(database).map { ["name": .string($0), "type": "collection"] }
        return ["cursor": ["id": 0, "ns": .string("\(database).$cmd.listCollections"), "firstBatch": .array(items)]]
    }
}
