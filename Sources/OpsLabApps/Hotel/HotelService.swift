import Foundation

/// The eight HotelReservation business services, as the container command names them.
///
/// Ports, datastore addresses and RPC names follow the original's baked-in `config.json` and protos.
public enum HotelService: String, Sendable, CaseIterable {
    case frontend, search, geo, rate, profile, recommendation, reservation, user

    /// The port the service listens on (frontend HTTP, the others their RPC port).
    public var port: Int {
        switch self {
        case .frontend: return 5000
        case .search: return 8082
        case .geo: return 8083
        case .rate: return 8084
        case .profile: return 8081
        case .recommendation: return 8085
        case .user: return 8086
        case .reservation: return 8087
        }
    }

    /// The `<host>:<port>` of its database Service, or `nil` for services without one.
    public var mongoAddress: String? {
        switch self {
        case .frontend, .search: return nil
        default: return "mongodb-\(rawValue):27017"
        }
    }

    /// The database name inside its Mongo instance (`geo-db`, `rate-db`, …).
    public var databaseName: String { "\(rawValue)-db" }

    /// The Mongo URL the service dials: geo and rate use the hard-coded `admin:admin` credentials.
    public var mongoURL: String? {
        mongoAddress.map { mongoURL(at: $0) }
    }

    /// The Mongo URL the service dials when its database is at `address` (credentials as in ``mongoURL``).
    public func mongoURL(at address: String) -> String {
        switch self {
        case .geo, .rate: return "mongodb://admin:admin@\(address)"
        default: return "mongodb://\(address)"
        }
    }

    /// The `<host>:<port>` of its memcached Service, or `nil` when it uses no cache.
    public var memcachedAddress: String? {
        switch self {
        case .profile: return "memcached-profile:11211"
        case .rate: return "memcached-rate:11211"
        case .reservation: return "memcached-reserve:11211"
        default: return nil
        }
    }

    /// The proto `package.Service` prefix of its RPC routes, e.g. `geo.Geo`.
    public var rpcService: String {
        switch self {
        case .frontend: return "frontend.Frontend"
        case .search: return "search.Search"
        case .geo: return "geo.Geo"
        case .rate: return "rate.Rate"
        case .profile: return "profile.Profile"
        case .recommendation: return "recommendation.Recommendation"
        case .reservation: return "reservation.Reservation"
        case .user: return "user.User"
        }
    }

    /// The RPC route of a method, e.g. `/geo.Geo/Nearby` (also the server span name).
    public func route(_ method: String) -> String { "/\(rpcService)/\(method)" }

    /// The `config.json` key that names its port, as logged at start (`GeoPort`).
    var portKey: String {
        switch self {
        case .recommendation: return "RecommendPort"
        case .reservation: return "ReservePort"
        default: return rawValue.prefix(1).uppercased() + rawValue.dropFirst() + "Port"
        }
    }

    /// The Go source file the original's `main` lives in, used in log lines (`cmd/geo/main.go`).
    var mainFile: String { "cmd/\(rawValue)/main.go" }

    /// The Go source file of the original's server, used in log lines (`services/geo/server.go`).
    var serverFile: String { "services/\(rawValue)/server.go" }
}
