import Foundation
import OpsLabCore

/// `recommendation.Recommendation/GetRecommendations`: hotels by `require` — `dis` (nearest), `rate` (highest
/// rate) or `price` (lowest price) — from data loaded into memory at start. Ties all qualify.
public struct RecommendationService: HotelRPCServer {
    /// Always `.recommendation`.
    public var service: HotelService { .recommendation }
    /// Every hotel's location, rate and price.
    public var hotels: [HotelRecommendationEntry]

    /// Creates the service over loaded data.
    public init(hotels: [HotelRecommendationEntry]) {
        self.hotels = hotels.sorted { (Int($0.hId) ?? 0, $0.hId) < (Int($1.hId) ?? 0, $1.hId) }
    }

    /// Seeds `recommendation-db.recommendation` if needed and loads it into memory.
    public static func load(_ bootstrap: HotelBootstrap) async throws -> RecommendationService {
        try await bootstrap.seed(
            "recommendation", probe: ["hId": "1"],
            documents: HotelBootstrap.documents(HotelDataSet.recommendations))
        return RecommendationService(
            hotels: await bootstrap.loadAll("recommendation", as: HotelRecommendationEntry.self, what: "hotels"))
    }

    /// The ids recommended for `require` at a point; an unknown `require` yields none.
    public func recommend(require: String, lat: Double, lon: Double) -> [String] {
        let score: (HotelRecommendationEntry) -> Double
        let best: ([Double]) -> Double?
        switch require {
        case "dis":
            score = { HotelGeoMath.distanceKm(lat, lon, $0.lat, $0.lon) }
            best = { $0.min() }
        case "rate":
            score = { $0.rate }
            best = { $0.max() }
        case "price":
            score = { $0.price }
            best = { $0.min() }
        default:
            return []
        }
        let scores = hotels.map(score)
        guard let target = best(scores) else { return [] }
        return zip(hotels, scores).filter { $0.1 == target }.map(\.0.hId)
    }

    public func handle(_ method: String, _ request: JSONValue) async throws -> JSONValue {
        guard method == "GetRecommendations" else { throw HotelRPCRouter.unimplemented(service, method) }
        let ids = recommend(
            require: request["require"]?.stringValue ?? "", lat: request["lat"]?.doubleValue ?? 0,
            lon: request["lon"]?.doubleValue ?? 0)
        return ["HotelIds": .array(ids.map { .string($0) })]
    }
}
