import Foundation

/// The mongo shell snippets and command lines the Mongo faults run (the AIOpsLab scripts' operations).
public enum MongoAdminScript {
    /// The name and password of a Mongo user.
    public struct Login: Sendable, Hashable {
        /// User name.
        public var user: String
        /// Password.
        public var password: String
        /// `admin`/`admin`, the services' user.
        public static let admin = Login(user: "admin", password: "admin")
        /// `root`/`root`, the operator's user.
        public static let root = Login(user: "root", password: "root")
    }

    /// `revokeRolesFromUser("admin", [readWrite@<db>])` on the admin database.
    public static func revokeReadWrite(_ service: MongoBackedService) -> String {
        #"db.getSiblingDB("admin").revokeRolesFromUser("admin", [{role: "readWrite", db: "\#(service.database)"}])"#
    }

    /// `grantRolesToUser("admin", [readWrite@<db>])` on the admin database.
    public static func grantReadWrite(_ service: MongoBackedService) -> String {
        #"db.getSiblingDB("admin").grantRolesToUser("admin", [{role: "readWrite", db: "\#(service.database)"}])"#
    }

    /// `dropUser("admin")` on the admin database.
    public static let dropAdmin = #"db.getSiblingDB("admin").dropUser("admin")"#

    /// Re-creates `admin`/`admin` with `userAdminAnyDatabase`@admin and `readWrite`@<db>.
    public static func createAdmin(_ service: MongoBackedService) -> String {
        #"db.getSiblingDB("admin").createUser({user: "admin", pwd: "admin", roles: "#
            + #"[{role: "userAdminAnyDatabase", db: "admin"}, {role: "readWrite", db: "\#(service.database)"}]})"#
    }

    /// Counts the service's collection (fails unless the login may read the service's database).
    public static func countCollection(_ service: MongoBackedService) -> String {
        #"db.getSiblingDB("\#(service.database)").\#(service.collection).count()"#
    }

    /// The command to exec in the Mongo container: `mongo admin -u … -p … --authenticationDatabase admin
    /// --quiet --eval <script>`.
    public static func command(_ script: String, as login: Login) -> [String] {
        [
            "mongo", "admin", "-u", login.user, "-p", login.password, "--authenticationDatabase", "admin", "--quiet",
            "--eval", script,
        ]
    }
}
