import Foundation

/// One night's booking in `reservation-db.reservation`.
public struct HotelReservationRecord: Codable, Sendable, Hashable {
    /// The hotel id.
    public var hotelId: String
    /// Who booked.
    public var customerName: String
    /// The night (YYYY-MM-DD).
    public var inDate: String
    /// The next day (YYYY-MM-DD).
    public var outDate: String
    /// Rooms booked.
    public var number: Int

    /// Creates a record.
    public init(hotelId: String, customerName: String, inDate: String, outDate: String, number: Int) {
        self.hotelId = hotelId
        self.customerName = customerName
        self.inDate = inDate
        self.outDate = outDate
        self.number = number
    }
}
