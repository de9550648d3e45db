import Foundation

/// A room type of a rate plan.
public struct HotelRoomType: Codable, Sendable, Hashable {
    /// The bookable rate.
    public var bookableRate: Double
    /// The total rate (plans are sorted by it, highest first).
    public var totalRate: Double
    /// The total rate including taxes.
    public var totalRateInclusive: Double
    /// The room code, e.g. `KNG`.
    public var code: String
    /// A description, e.g. `King sized bed`.
    public var roomDescription: String

    /// Creates a room type.
    public init(
        bookableRate: Double, totalRate: Double, totalRateInclusive: Double, code: String,
        roomDescription: String
    ) {
        self.bookableRate = bookableRate
        self.totalRate = totalRate
        self.totalRateInclusive = totalRateInclusive
        self.code = code
        self.roomDescription = roomDescription
    }
}
