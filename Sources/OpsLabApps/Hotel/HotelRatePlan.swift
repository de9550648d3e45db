import Foundation

/// A rate plan in `rate-db.inventory`.
public struct HotelRatePlan: Codable, Sendable, Hashable {
    /// The hotel id.
    public var hotelId: String
    /// The plan code, e.g. `RACK`.
    public var code: String
    /// First night (YYYY-MM-DD).
    public var inDate: String
    /// Departure day (YYYY-MM-DD).
    public var outDate: String
    /// The room offered.
    public var roomType: HotelRoomType

    /// Creates a plan.
    public init(hotelId: String, code: String, inDate: String, outDate: String, roomType: HotelRoomType) {
        self.hotelId = hotelId
        self.code = code
        self.inDate = inDate
        self.outDate = outDate
        self.roomType = roomType
    }
}
