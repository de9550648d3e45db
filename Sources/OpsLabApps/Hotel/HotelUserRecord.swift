import Foundation

/// A user in `user-db.user`: the password is stored as lowercase sha256 hex.
public struct HotelUserRecord: Codable, Sendable, Hashable {
    /// The user name, e.g. `Cornell_7`.
    public var username: String
    /// sha256 hex of the password.
    public var password: String

    /// Creates a record.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}
