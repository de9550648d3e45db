import Foundation

/// A hotel's capacity in `reservation-db.number`.
public struct HotelCapacity: Codable, Sendable, Hashable {
    /// The hotel id.
    public var hotelId: String
    /// Rooms per night.
    public var numberOfRoom: Int

    /// Creates a capacity.
    public init(hotelId: String, numberOfRoom: Int) {
        self.hotelId = hotelId
        self.numberOfRoom = numberOfRoom
    }
}
