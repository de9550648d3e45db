import Foundation
import OpsLabCore

extension DocumentStoreEngine {
    mutating func runUserCommand(
        _ name: String, command: JSONValue, database: String, user: MongoUser?, events: inout [MongoLogEvent]
    ) throws -> JSONValue {
        switch name {
        case "usersInfo":
            return ["users": .array(usersInfo(command["usersInfo"] ?? .int(1), database: database))]
        case "createUser":
            let userName = try target(command, name)
            guard let password = command["pwd"]?.stringValue, !password.isEmpty else {
                throw DocumentStoreError(
                    code: 2, codeName: "BadValue",
                    message:
                        "Must provide a 'pwd' field for all user documents, except those with '$external' as the user's source db"
                )
            }
            guard state.userIndex(userName, db: database) == nil else {
                throw DocumentStoreError(
                    code: 51003, codeName: "Location51003",
                    message: "User \"\(userName)@\(database)\" already exists")
            }
            let roles = try roleList(command["roles"], database: database)
            state.users.append(MongoUser(user: userName, db: database, password: password, roles: roles))
            return .emptyObject
        case "updateUser":
            let index = try existing(try target(command, name), database: database)
            if let password = command["pwd"]?.stringValue { state.users[index].password = password }
            if command["roles"] != nil { state.users[index].roles = try roleList(command["roles"], database: database) }
            return .emptyObject
        case "dropUser":
            let userName = try target(command, name)
            guard let index = state.userIndex(userName, db: database) else {
                throw DocumentStoreError(
                    code: 11, codeName: "UserNotFound", message: "User '\(userName)@\(database)' not found")
            }
            state.users.remove(at: index)
            return .emptyObject
        case "dropAllUsersFromDatabase":
            let before = state.users.count
            state.users.removeAll { $0.db == database }
            return ["n": .int(Int64(before - state.users.count))]
        case "grantRolesToUser":
            let index = try existing(try target(command, name), database: database)
            for role in try roleList(command["roles"], database: database)
            where !state.users[index].roles.contains(role) {
                state.users[index].roles.append(role)
            }
            return .emptyObject
        case "revokeRolesFromUser":
            let index = try existing(try target(command, name), database: database)
            let revoked = try roleList(command["roles"], database: database)
            state.users[index].roles.removeAll { revoked.contains($0) }
            return .emptyObject
        default:
            throw DocumentStoreError(code: 59, codeName: "CommandNotFound", message: "no such command: '\(name)'")
        }
    }

    private func target(_ command: JSONValue, _ name: String) throws -> String {
        guard let value = command[name]?.stringValue, !value.isEmpty else {
            throw DocumentStoreError(code: 2, codeName: "BadValue", message: "User name must be a string")
        }
        return value
    }

    private func existing(_ userName: String, database: String) throws -> Int {
        guard let index = state.userIndex(userName, db: database) else {
            throw DocumentStoreError.userNotFound(userName, database: database)
        }
        return index
    }

    /// Parses and validates a role list (`[{role, db}]` or role names meaning the current database).
    func roleList(_ value: JSONValue?, database: String) throws -> [MongoRoleRef] {
        guard let items = value?.arrayValue else {
            throw DocumentStoreError(code: 2, codeName: "BadValue", message: "\"roles\" field must be an array")
        }
        return try items.map { item in
            guard let ref = MongoRoleRef(json: item, defaultDatabase: database) else {
                throw DocumentStoreError(
                    code: 2, codeName: "BadValue", message: "Role names must be either strings or objects")
            }
            guard MongoRoles.exists(ref) else {
                throw DocumentStoreError(
                    code: 31, codeName: "RoleNotFound", message: "Could not find role: \(ref.role)@\(ref.db)")
            }
            return ref
        }
    }

    /// `usersInfo: 1` (all of the db), `"name"`, `{user, db}`, or an array of those.
    func usersInfo(_ selector: JSONValue, database: String) -> [JSONValue] {
        let wanted: [(String, String)]?
        switch selector {
        case .string(let name): wanted = [(name, database)]
        case .object: wanted = [(selector["user"]?.stringValue ?? "", selector["db"]?.stringValue ?? database)]
        case .array(let items):
            wanted = items.map { item in
                item.stringValue.map { ($0, database) }
                    ?? (item["user"]?.stringValue ?? "", item["db"]?.stringValue ?? database)
            }
        default: wanted = nil
        }
        let users = state.users.filter { user in
            guard let wanted else { return user.db == database }
            return wanted.contains { $0.0 == user.user && $0.1 == user.db }
        }
        return users.sorted { ($0.db, $0.user) < ($1.db, $1.user) }.map(\.info)
    }

    /// Creates the initial users of an empty store (the `OPSLAB_MONGO_INIT` convention); returns how many.
    public mutating func applyInitialUsers(_ specification: JSONValue) throws -> Int {
        guard let items = specification.arrayValue else {
            throw DocumentStoreError(code: 2, codeName: "BadValue", message: "initial users must be a JSON array")
        }
        var created = 0
        for item in items {
            guard let name = item["user"]?.stringValue, let password = item["pwd"]?.stringValue else {
                throw DocumentStoreError(code: 2, codeName: "BadValue", message: "each initial user needs user and pwd")
            }
            let db = item["db"]?.stringValue ?? "admin"
            let roles = try roleList(item["roles"] ?? .array([]), database: db)
            if let index = state.userIndex(name, db: db) {
                state.users[index].password = password
                state.users[index].roles = roles
            } else {
                state.users.append(MongoUser(user: name, db: db, password: password, roles: roles))
                created += 1
            }
        }
        return created
    }
}
