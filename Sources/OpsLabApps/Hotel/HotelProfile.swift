import Foundation

/// A hotel profile in `profile-db.hotels`, as `profile.Profile/GetProfiles` returns it.
public struct HotelProfile: Codable, Sendable, Hashable {
    /// The hotel id.
    public var id: String
    /// The hotel's name.
    public var name: String
    /// Phone number, e.g. `(415) 775-4700`.
    public var phoneNumber: String
    /// A description.
    public var description: String
    /// Where it is.
    public var address: HotelAddress

    /// Creates a profile.
    public init(id: String, name: String, phoneNumber: String, description: String, address: HotelAddress) {
        self.id = id
        self.name = name
        self.phoneNumber = phoneNumber
        self.description = description
        self.address = address
    }
}
