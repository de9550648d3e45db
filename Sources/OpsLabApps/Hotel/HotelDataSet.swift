import Foundation

/// The seed data every service writes to its database at start when it is missing, shaped like the
/// original's: 80 hotels, 27 rate plans, recommendation data, capacities, one reservation and 501 users.
public enum HotelDataSet {
    /// Number of hotels (ids `"1"` … `"80"`).
    public static let hotelCount = 80
    /// Number of users (`Cornell_0` … `Cornell_500`).
    public static let userCount = 501

    /// The six real San Francisco hotels (ids 1–6): name, phone, street number, street, postal code, lat, lon.
    static let realHotels:
        [(
            name: String, phone: String, number: String, street: String, postal: String,
            lat: Double, lon: Double
        )] = [
            ("Clift Hotel", "(415) 775-4700", "495", "Geary St", "94102", 37.7867, -122.4112),
            ("W San Francisco", "(415) 777-5300", "181", "3rd St", "94103", 37.7854, -122.4005),
            ("Hotel Zetta", "(415) 543-8555", "55", "5th St", "94103", 37.7834, -122.4071),
            ("Hotel Vitale", "(415) 278-3700", "8", "Mission St", "94105", 37.7936, -122.3930),
            ("Phoenix Hotel", "(415) 776-1380", "601", "Eddy St", "94109", 37.7831, -122.4181),
            ("St. Regis San Francisco", "(415) 284-4000", "125", "3rd St", "94109", 37.7863, -122.4015),
        ]

    static let descriptions = [
        "A boutique hotel a short walk from Union Square, with an art-filled lobby.",
        "A modern high-rise hotel in SoMa, next to the Museum of Modern Art.",
        "A playful design hotel near Union Square and the Powell Street cable cars.",
        "A waterfront hotel across from the Ferry Building with bay views.",
        "A retro motor lodge in the Tenderloin with a courtyard pool.",
        "A luxury hotel beside Yerba Buena Gardens with a spa and a fine-dining restaurant.",
    ]

    /// Latitude and longitude of generated hotel `i` (7…80), computed as the original does.
    static func generatedLocation(_ i: Int) -> (lat: Double, lon: Double) {
        (37.7835 + Double(i) / 500.0 * 3, -122.41 + Double(i) / 500.0 * 4)
    }

    /// Rate and inclusive rate by `i mod 5` for hotels whose id is a multiple of 3.
    static func rateByRemainder(_ i: Int) -> (rate: Double, inclusive: Double) {
        switch i % 5 {
        case 0: return (109.00, 123.17)
        case 1: return (120.00, 140.00)
        case 2: return (124.00, 144.00)
        case 3: return (132.00, 158.00)
        default: return (232.00, 258.00)
        }
    }

    /// `geo-db.geo`: one point per hotel (hotel 3 sits at 37.7854 here, as in the original).
    public static var geoPoints: [HotelPoint] {
        var points = realHotels.enumerated().map { index, hotel in
            HotelPoint(hotelId: String(index + 1), lat: index == 2 ? 37.7854 : hotel.lat, lon: hotel.lon)
        }
        for i in 7...hotelCount {
            let location = generatedLocation(i)
            points.append(HotelPoint(hotelId: String(i), lat: location.lat, lon: location.lon))
        }
        return points
    }

    /// `profile-db.hotels`: one profile per hotel.
    public static var profiles: [HotelProfile] {
        var hotels = realHotels.enumerated().map { index, hotel in
            HotelProfile(
                id: String(index + 1), name: hotel.name, phoneNumber: hotel.phone, description: descriptions[index],
                address: HotelAddress(
                    streetNumber: hotel.number, streetName: hotel.street, city: "San Francisco", state: "CA",
                    country: "United States", postalCode: hotel.postal, lat: hotel.lat, lon: hotel.lon))
        }
        let template = realHotels[5]
        for i in 7...hotelCount {
            let location = generatedLocation(i)
            hotels.append(
                HotelProfile(
                    id: String(i), name: template.name, phoneNumber: "(415) 284-40\(i)", description: descriptions[5],
                    address: HotelAddress(
                        streetNumber: template.number, streetName: template.street, city: "San Francisco", state: "CA",
                        country: "United States", postalCode: template.postal, lat: location.lat, lon: location.lon)))
        }
        return hotels
    }

    /// `rate-db.inventory`: plans for hotels 1, 2, 3 and every multiple of 3 from 9 to 78.
    public static var ratePlans: [HotelRatePlan] {
        let king = "King sized bed"
        var plans = [
            HotelRatePlan(
                hotelId: "1", code: "RACK", inDate: "2015-04-09", outDate: "2015-04-10",
                roomType: HotelRoomType(
                    bookableRate: 109, totalRate: 109, totalRateInclusive: 123.17, code: "KNG",
                    roomDescription: king)),
            HotelRatePlan(
                hotelId: "2", code: "RACK", inDate: "2015-04-09", outDate: "2015-04-10",
                roomType: HotelRoomType(
                    bookableRate: 139, totalRate: 139, totalRateInclusive: 153.09, code: "QN",
                    roomDescription: "Queen sized bed")),
            HotelRatePlan(
                hotelId: "3", code: "RACK", inDate: "2015-04-09", outDate: "2015-04-10",
                roomType: HotelRoomType(
                    bookableRate: 109, totalRate: 109, totalRateInclusive: 123.17, code: "KNG",
                    roomDescription: king)),
        ]
        for i in 7...hotelCount where i % 3 == 0 {
            let (rate, inclusive) = rateByRemainder(i)
            plans.append(
                HotelRatePlan(
                    hotelId: String(i), code: "RACK", inDate: "2015-04-09",
                    outDate: i % 2 == 0 ? "2015-04-17" : "2015-04-24",
                    roomType: HotelRoomType(
                        bookableRate: rate, totalRate: rate, totalRateInclusive: inclusive,
                        code: "KNG", roomDescription: king)))
        }
        return plans
    }

    /// `recommendation-db.recommendation`: location, rate and price of every hotel.
    public static var recommendations: [HotelRecommendationEntry] {
        let values: [(Double, Double)] = [(109, 150), (139, 120), (109, 190), (129, 160), (119, 140), (149, 200)]
        var entries = realHotels.enumerated().map { index, hotel in
            HotelRecommendationEntry(
                hId: String(index + 1), lat: hotel.lat, lon: hotel.lon, rate: values[index].0,
                price: values[index].1)
        }
        for i in 7...hotelCount {
            let location = generatedLocation(i)
            let (rate, price) = i % 3 == 0 ? rateByRemainder(i) : (135.00, 179.00)
            entries.append(
                HotelRecommendationEntry(
                    hId: String(i), lat: location.lat, lon: location.lon, rate: rate,
                    price: price))
        }
        return entries
    }

    /// `reservation-db.number`: rooms per night of every hotel.
    public static var capacities: [HotelCapacity] {
        (1...hotelCount).map { i in
            let rooms = i <= 6 ? 200 : (i % 3 == 1 ? 300 : (i % 3 == 2 ? 250 : 200))
            return HotelCapacity(hotelId: String(i), numberOfRoom: rooms)
        }
    }

    /// `reservation-db.reservation`: Alice's night at hotel 4.
    public static var reservations: [HotelReservationRecord] {
        [
            HotelReservationRecord(
                hotelId: "4", customerName: "Alice", inDate: "2015-04-09", outDate: "2015-04-10",
                number: 1)
        ]
    }

    /// The clear-text password of user `Cornell_<id>`: the decimal id repeated 10 times.
    public static func password(forUser id: Int) -> String { String(repeating: String(id), count: 10) }

    /// `user-db.user`: `Cornell_0` … `Cornell_500` with sha256-hex passwords.
    public static var users: [HotelUserRecord] {
        (0..<userCount).map { id in
            HotelUserRecord(username: "Cornell_\(id)", password: HotelSHA256.hex(password(forUser: id)))
        }
    }
}
