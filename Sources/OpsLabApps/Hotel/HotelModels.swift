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
    public init(bookableRate: Double, totalRate: Double, totalRateInclusive: Double, code: String,
                roomDescription: String) {
        self.bookableRate = bookableRate
        self.totalRate = totalRate
        self.totalRateInclusive = totalRateInclusive
        self.code = code
        self.roomDescription = roomDescription
    }
}

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
    public init(streetNumber: String, streetName: String, city: String, state: String, country: String,
                postalCode: String, lat: Double, lon: Double) {
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
