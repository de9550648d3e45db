import Foundation

/// A postal address with coordinates, part of a profile.
public struct HotelAddress: Codable, Sendable, Hashable {
    /// Street number.
    public var streetNumber: String
    /// Street name.
    public var streetName: String
    /// City.
    public var city: String
    /// State.
    public var state: String
    /// Country.
    public var country: String
    /// Postal code.
    public var postalCode: String
    /// Latitude.
    public var lat: Double
    /// Longitude.
    public var lon: Double

    /// Creates an address.
    public init(
        streetNumber: String, streetName: String, city: String, state: String, country: String,
        postalCode: String, lat: Double, lon: Double
    ) {
        self.streetNumber = streetNumber
        self.streetName = streetName
        self.city = city
        self.state = state
        self.country = country
        self.postalCode = postalCode
        self.lat = lat
        self.lon = lon
    }
}
