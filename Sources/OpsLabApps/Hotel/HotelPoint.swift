import Foundation

/// A hotel's location in `geo-db.geo`.
public struct HotelPoint: Codable, Sendable, Hashable {
    /// The hotel id, e.g. `"1"`.
    public var hotelId: String
    /// Latitude in degrees.
    public var lat: Double
    /// Longitude in degrees.
    public var lon: Double

    /// Creates a point.
    public init(hotelId: String, lat: Double, lon: Double) {
        self.hotelId = hotelId
        self.lat = lat
        self.lon = lon
    }
}
