import Foundation

/// A hotel in `recommendation-db.recommendation`.
public struct HotelRecommendationEntry: Codable, Sendable, Hashable {
    /// The hotel id.
    public var hId: String
    /// Latitude.
    public var lat: Double
    /// Longitude.
    public var lon: Double
    /// Its rate (`require=rate` picks the maximum).
    public var rate: Double
    /// Its price (`require=price` picks the minimum).
    public var price: Double

    /// Creates an entry.
    public init(hId: String, lat: Double, lon: Double, rate: Double, price: Double) {
        self.hId = hId
        self.lat = lat
        self.lon = lon
        self.rate = rate
        self.price = price
    }
}
