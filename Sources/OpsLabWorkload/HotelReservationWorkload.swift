import Foundation

/// DeathStarBench's hotelReservation mixed workload (`mixed-workload_type_1.lua`), seeded.
///
/// Shares: 60 % search `GET /hotels`, 39 % recommend `GET /recommendations`, 0.5 % login `POST /user`, 0.5 % reserve
/// `POST /reservation`. Parameters follow the script: April 2015 dates from day 9, coordinates around San
/// Francisco (`38.0235 + (randint(0,481) − 240.5)/1000`, `−122.095 + (randint(0,325) − 157)/1000`, printed as Lua's
/// `%.14g`),
/// users `Cornell_<0…500>` with the id repeated ten times as password, and `lat=nil&lon=nil` on reservations (the
/// script's undefined variables). Targets are origin-form (`/hotels?…`) where the script uses absolute form.
public struct HotelReservationWorkload: RequestSource {
    /// The four request kinds of the mix.
    public enum Kind: String, Sendable, CaseIterable {
        /// `GET /hotels?inDate&outDate&lat&lon`.
        case search
        /// `GET /recommendations?require&lat&lon`.
        case recommend
        /// `POST /user?username&password`.
        case login
        /// `POST /reservation?inDate&outDate&lat=nil&lon=nil&hotelId&customerName&username&password&number=1`.
        case reserve
    }

    /// The share of search requests.
    public static let searchRatio = 0.6
    /// The share of recommendation requests.
    public static let recommendRatio = 0.39
    /// The share of login requests (the rest, 0.5 %, are reservations).
    public static let userRatio = 0.005

    /// Creates the workload.
    public init() {}

    /// The next request of the mix.
    public func makeRequest(using generator: inout some RandomNumberGenerator) -> LoadRequest {
        draw(using: &generator).request
    }

    /// The next request of the mix together with its kind.
    public func draw(using generator: inout some RandomNumberGenerator) -> (kind: Kind, request: LoadRequest) {
        let coin = Double.random(in: 0..<1, using: &generator)
        if coin < Self.searchRatio { return (.search, search(using: &generator)) }
        if coin < Self.searchRatio + Self.recommendRatio { return (.recommend, recommend(using: &generator)) }
        if coin < Self.searchRatio + Self.recommendRatio + Self.userRatio {
            return (.login, login(using: &generator))
        }
        return (.reserve, reserve(using: &generator))
    }

    /// A search: in day 9…23, out day in…24, random coordinates.
    public func search(using generator: inout some RandomNumberGenerator) -> LoadRequest {
        let inDay = Int.random(in: 9...23, using: &generator)
        let outDay = Int.random(in: (inDay + 1)...24, using: &generator)
        let (lat, lon) = Self.coordinates(using: &generator)
        return LoadRequest(
            method: "GET",
            target: "/hotels?inDate=\(Self.date(inDay))&outDate=\(Self.date(outDay))&lat=\(lat)&lon=\(lon)")
    }

    /// A recommendation: `require` is dis (33 %), rate (33 %) or price (34 %), random coordinates.
    public func recommend(using generator: inout some RandomNumberGenerator) -> LoadRequest {
        let coin = Double.random(in: 0..<1, using: &generator)
        let require = coin < 0.33 ? "dis" : coin < 0.66 ? "rate" : "price"
        let (lat, lon) = Self.coordinates(using: &generator)
        return LoadRequest(method: "GET", target: "/recommendations?require=\(require)&lat=\(lat)&lon=\(lon)")
    }

    /// A login of a random user with its correct password.
    public func login(using generator: inout some RandomNumberGenerator) -> LoadRequest {
        let (username, password) = Self.user(using: &generator)
        return LoadRequest(method: "POST", target: "/user?username=\(username)&password=\(password)")
    }

    /// A reservation of one room: in day 9…23 for 1…5 nights, hotel 1…80, by a random user in its own name.
    public func reserve(using generator: inout some RandomNumberGenerator) -> LoadRequest {
        let inDay = Int.random(in: 9...23, using: &generator)
        let outDay = inDay + Int.random(in: 1...5, using: &generator)
        let hotelId = Int.random(in: 1...80, using: &generator)
        let (username, password) = Self.user(using: &generator)
        return LoadRequest(
            method: "POST",
            target: "/reservation?inDate=\(Self.date(inDay))&outDate=\(Self.date(outDay))&lat=nil&lon=nil"
                + "&hotelId=\(hotelId)&customerName=\(username)&username=\(username)&password=\(password)&number=1")
    }

    /// `Cornell_<id>` and the id repeated ten times, for an id in 0…500.
    public static func user(
        using generator: inout some RandomNumberGenerator
    )
        -> (username: String, password: String)
    {
        let id = Int.random(in: 0...500, using: &generator)
        return ("Cornell_\(id)", String(repeating: String(id), count: 10))
    }

    /// The script's coordinates, formatted as Lua's `tostring` does.
    public static func coordinates(using generator: inout some RandomNumberGenerator) -> (lat: String, lon: String) {
        let lat = 38.0235 + (Double(Int.random(in: 0...481, using: &generator)) - 240.5) / 1000.0
        let lon = -122.095 + (Double(Int.random(in: 0...325, using: &generator)) - 157.0) / 1000.0
        return (luaNumber(lat), luaNumber(lon))
    }

    /// `2015-04-DD`, zero-padded.
    public static func date(_ day: Int) -> String {
        day <= 9 ? "2015-04-0\(day)" : "2015-04-\(day)"
    }

    /// Lua 5.1's number-to-string conversion (`%.14g`).
    public static func luaNumber(_ value: Double) -> String {
        String(format: "%.14g", value)
    }
}
