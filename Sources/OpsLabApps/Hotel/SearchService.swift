import Foundation
import OpsLabCore

/// `search.Search/Nearby`: asks geo for nearby hotels, then rate for their plans, and answers the ids of the
/// hotels that have a plan, in rate order. A failing peer's status is passed on (and logged).
public struct SearchService: HotelRPCServer {
    /// Always `.search`.
    public var service: HotelService { .search }
    /// How peers are called.
    public var peers: any HotelRPCTransport
    /// The service log.
    public var logger: HotelLogger

    /// Creates the service.
    public init(peers: any HotelRPCTransport, logger: HotelLogger) {
        self.peers = peers
        self.logger = logger
    }

    /// Hotel ids near a point that have a rate plan.
    public func nearby(lat: Double, lon: Double, inDate: String, outDate: String) async throws -> [String] {
        let nearby: JSONValue
        do {
            nearby = try await peers.call(.geo, "Nearby", ["lat": .double(lat), "lon": .double(lon)])
        } catch {
            logger.error("services/search/server.go:107", "SearchHandler GetNearby failed: \(error)")
            throw error
        }
        let ids = nearby["hotelIds"]?.arrayValue ?? []
        let rates: JSONValue
        do {
            rates = try await peers.call(
                .rate, "GetRates", ["hotelIds": .array(ids), "inDate": .string(inDate), "outDate": .string(outDate)])
        } catch {
            logger.error("services/search/server.go:124", "SearchHandler GetRates failed: \(error)")
            throw error
        }
        return (rates["ratePlans"]?.arrayValue ?? []).compactMap { $0["hotelId"]?.stringValue }
    }

    public func handle(_ method: String, _ request: JSONValue) async throws -> JSONValue {
        guard method == "Nearby" else { throw HotelRPCRouter.unimplemented(service, method) }
        let ids = try await nearby(
            lat: request["lat"]?.doubleValue ?? 0, lon: request["lon"]?.doubleValue ?? 0,
            inDate: request["inDate"]?.stringValue ?? "", outDate: request["outDate"]?.stringValue ?? "")
        return ["hotelIds": .array(ids.map { .string($0) })]
    }
}
