import Foundation
import OpsLabCore

/// `user.User/CheckUser`: whether a username and password match, against users loaded into memory at start
/// (username → sha256 hex of the password).
public struct UserService: HotelRPCServer {
    /// Always `.user`.
    public var service: HotelService { .user }
    /// Password hashes by username.
    public var users: [String: String]

    /// Creates the service over loaded users.
    public init(users: [HotelUserRecord]) {
        var table: [String: String] = [:]
        for user in users { table[user.username] = user.password }
        self.users = table
    }

    /// Seeds `user-db.user` if needed and loads it into memory.
    public static func load(_ bootstrap: HotelBootstrap) async throws -> UserService {
        try await bootstrap.seed(
            "user", probe: ["username": "Cornell_0"], documents: HotelBootstrap.documents(HotelDataSet.users))
        return UserService(users: await bootstrap.loadAll("user", as: HotelUserRecord.self, what: "user"))
    }

    /// Whether the password's sha256 matches the stored one.
    public func check(username: String, password: String) -> Bool {
        guard let stored = users[username] else { return false }
        return stored == HotelSHA256.hex(password)
    }

    public func handle(_ method: String, _ request: JSONValue) async throws -> JSONValue {
        guard method == "CheckUser" else { throw HotelRPCRouter.unimplemented(service, method) }
        let correct = check(
            username: request["username"]?.stringValue ?? "", password: request["password"]?.stringValue ?? "")
        return ["correct": .bool(correct)]
    }
}
