import Foundation
import OpsLabCore

/// `geo.Geo/Nearby`: the 5 hotels nearest to a point within 10 km, from an index loaded at start.
public struct GeoService: HotelRPCServer {
    /// Always `.geo`.
    public var service: HotelService { .geo }
    /// The most hotels one answer lists.
    public static let maxSearchResults = 5
    /// The search radius in kilometres.
    public static let maxSearchRadiusKm = 10.0
    /// Every hotel's location (the in-memory index).
    public var points: [HotelPoint]

    /// Creates the service over loaded points.
    public init(points: [HotelPoint]) {
        self.points = points
    }

    /// Seeds `geo-db.geo` if needed and loads every point into memory.
    public static func load(_ bootstrap: HotelBootstrap) async throws -> GeoService {
        try await bootstrap.seed(
            "geo", probe: ["hotelId": "1"], documents: HotelBootstrap.documents(HotelDataSet.geoPoints))
        return GeoService(points: await bootstrap.loadAll("geo", as: HotelPoint.self, what: "geo"))
    }

    /// Ids of the nearest hotels within the radius, nearest first.
    public func nearby(lat: Double, lon: Double) -> [String] {
        var candidates: [(id: String, km: Double)] = []
        for point in points {
            let km = HotelGeoMath.distanceKm(lat, lon, point.lat, point.lon)
            if km <= Self.maxSearchRadiusKm { candidates.append((point.hotelId, km)) }
        }
        candidates.sort { left, right in
            left.km != right.km ? left.km < right.km : left.id < right.id
        }
        return candidates.prefix(Self.maxSearchResults).map(\.id)
    }

    public func handle(_ method: String, _ request: JSONValue) async throws -> JSONValue {
        guard method == "Nearby" else { throw HotelRPCRouter.unimplemented(service, method) }
        let ids = nearby(lat: request["lat"]?.doubleValue ?? 0, lon: request["lon"]?.doubleValue ?? 0)
        return ["hotelIds": .array(ids.map { .string($0) })]
    }
}
