import Foundation
import OpsLabCore

/// A role granted to a user: a built-in role name and the database it applies to.
public struct MongoRoleRef: Sendable, Codable, Hashable {
    /// The role, e.g. `readWrite`.
    public var role: String
    /// The database, e.g. `geo-db`.
    public var db: String

    /// Creates a role reference.
    public init(role: String, db: String) {
        self.role = role
        self.db = db
    }

    /// As JSON: `{role, db}`.
    public var json: JSONValue { ["role": .string(role), "db": .string(db)] }

    /// Reads `{role: "x", db: "y"}` or a bare `"x"` (meaning the current database).
    public init?(json: JSONValue, defaultDatabase: String) {
        if let name = json.stringValue {
            self.init(role: name, db: defaultDatabase)
        } else if let name = json["role"]?.stringValue {
            self.init(role: name, db: json["db"]?.stringValue ?? defaultDatabase)
        } else {
            return nil
        }
    }
}

/// A database user: name, authentication database, password and roles.
///
/// The password is kept as given (this is a simulation; it never leaves the store in command output).
public struct MongoUser: Sendable, Codable, Equatable {
    /// The user name.
    public var user: String
    /// The authentication database the user belongs to, e.g. `admin`.
    public var db: String
    /// The password.
    public var password: String
    /// Granted roles.
    public var roles: [MongoRoleRef]
    /// A stable UUID, as MongoDB shows it.
    public var userId: String

    /// Creates a user.
    public init(user: String, db: String, password: String, roles: [MongoRoleRef], userId: String = UUID().uuidString) {
        self.user = user
        self.db = db
        self.password = password
        self.roles = roles
        self.userId = userId
    }

    /// The user as `usersInfo` and `db.getUsers()` show it (no password).
    public var info: JSONValue {
        [
            "_id": .string("\(db).\(user)"), "userId": ["$uuid": .string(userId)], "user": .string(user),
            "db": .string(db), "roles": .array(roles.map(\.json)),
            "mechanisms": ["SCRAM-SHA-1", "SCRAM-SHA-256"],
        ]
    }
}

/// What a command needs on a database.
public enum MongoAction: String, Sendable, CaseIterable {
    /// find, count, listCollections.
    case read
    /// insert, update, delete, drop.
    case write
    /// dropDatabase.
    case dropDatabase
    /// createUser, dropUser, grantRolesToUser, revokeRolesFromUser, usersInfo of others.
    case userAdmin
    /// listDatabases showing every database.
    case listAllDatabases
}

/// MongoDB's built-in roles and what they allow.
public enum MongoRoles {
    /// Built-in roles valid on any database.
    public static let databaseRoles: Set<String> = ["read", "readWrite", "dbAdmin", "dbOwner", "userAdmin"]
    /// Built-in roles that exist only on `admin`.
    public static let adminOnlyRoles: Set<String> = [
        "userAdminAnyDatabase", "readAnyDatabase", "readWriteAnyDatabase", "dbAdminAnyDatabase", "root",
        "clusterAdmin", "clusterMonitor", "backup", "restore",
    ]

    /// Whether `role@db` names an existing built-in role.
    public static func exists(_ ref: MongoRoleRef) -> Bool {
        databaseRoles.contains(ref.role) || (ref.db == "admin" && adminOnlyRoles.contains(ref.role))
    }

    /// The actions a role grants on `database`.
    public static func actions(of ref: MongoRoleRef, on database: String) -> Set<MongoAction> {
        let same = ref.db == database
        switch ref.role {
        case "read": return same ? [.read] : []
        case "readWrite": return same ? [.read, .write] : []
        case "dbAdmin": return same ? [.dropDatabase] : []
        case "dbOwner": return same ? [.read, .write, .dropDatabase, .userAdmin] : []
        case "userAdmin": return same ? [.userAdmin] : []
        case "userAdminAnyDatabase": return ref.db == "admin" ? [.userAdmin, .listAllDatabases] : []
        case "readAnyDatabase": return ref.db == "admin" ? [.read, .listAllDatabases] : []
        case "readWriteAnyDatabase": return ref.db == "admin" ? [.read, .write, .listAllDatabases] : []
        case "dbAdminAnyDatabase": return ref.db == "admin" ? [.dropDatabase, .listAllDatabases] : []
        case "root": return ref.db == "admin" ? Set(MongoAction.allCases) : []
        default: return []
        }
    }

    /// Whether any of `roles` grants `action` on `database`.
    public static func allows(_ roles: [MongoRoleRef], _ action: MongoAction, on database: String) -> Bool {
        roles.contains { actions(of: $0, on: database).contains(action) }
    }
}
