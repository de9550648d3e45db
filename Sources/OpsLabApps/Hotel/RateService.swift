import Foundation
import OpsLabCore

/// `rate.Rate/GetRates`: the rate plans of hotels, read through memcached-rate (one key per hotel holding
/// newline-separated JSON plans) with `rate-db.inventory` behind it and an asynchronous write-back.
/// Dates are ignored, as in the original; plans are sorted by total rate, highest first.
public struct RateService: HotelRPCServer {
    /// Always `.rate`.
    public var service: HotelService { .rate }
    /// `rate-db`.
    public var store: any HotelDocumentStore
    /// memcached-rate.
    public var cache: any HotelCache
    /// The service log.
    public var logger: HotelLogger

    /// Creates the service.
    public init(store: any HotelDocumentStore, cache: any HotelCache, logger: HotelLogger) {
        self.store = store
        self.cache = cache
        self.logger = logger
    }

    /// Seeds `rate-db.inventory` when hotel 1 has no plan (a refused count is fatal, as in the original).
    public static func seed(_ bootstrap: HotelBootstrap) async throws {
        try await bootstrap.seed(
            "inventory", probe: ["hotelId": "1"], documents: HotelBootstrap.documents(HotelDataSet.ratePlans))
    }

    /// Sorts plans by total rate, highest first (ties by hotel id).
    public static func sorted(_ plans: [HotelRatePlan]) -> [HotelRatePlan] {
        plans.sorted { left, right in
            if left.roomType.totalRate != right.roomType.totalRate {
                return left.roomType.totalRate > right.roomType.totalRate
            }
            return (Int(left.hotelId) ?? 0, left.hotelId) < (Int(right.hotelId) ?? 0, right.hotelId)
        }
    }

    /// The plans of `hotelIds`, cache first.
    public func getRates(hotelIds: [String]) async throws -> [HotelRatePlan] {
        try await getRateDocuments(hotelIds: hotelIds).compactMap { try? $0.decode(HotelRatePlan.self) }
    }

    /// The plans as JSON documents, sorted by `roomType.totalRate` (highest first, ties by hotel id).
    func getRateDocuments(hotelIds: [String]) async throws -> [JSONValue] {
        let hits: [String: String]
        do {
            hits = hotelIds.isEmpty ? [:] : try await cache.getMulti(hotelIds)
        } catch {
            throw HotelFatalError(
                .panic, "Memmcached error while trying to get hotel [id: \(hotelIds)]= \(error)",
                caller: "services/rate/server.go:102")
        }
        var plans: [JSONValue] = []
        for (_, value) in hits {
            for line in value.split(separator: "\n") where !line.isEmpty {
                if let plan = try? JSONValue(parsing: String(line)) { plans.append(plan) }
            }
        }
        for id in hotelIds where hits[id] == nil {
            let found: [JSONValue]
            do {
                found = try await store.find("inventory", filter: ["hotelId": .string(id)])
            } catch {
                throw HotelFatalError(
                    .panic, "Tried to find hotelId [\(id)], but got error \(error)",
                    caller: "services/rate/server.go:125")
            }
            let loaded = found.map { plan in
                var plan = plan
                plan["_id"] = nil
                return plan
            }
            plans += loaded
            let text = loaded.map { $0.jsonString() + "\n" }.joined()
            let cache = self.cache
            Task { try? await cache.set(id, text) }
        }
        return Self.sortedDocuments(plans)
    }

    /// Sorts plan documents like ``sorted(_:)``.
    static func sortedDocuments(_ plans: [JSONValue]) -> [JSONValue] {
        func key(_ plan: JSONValue) -> (Double, Int, String) {
            let id = plan["hotelId"]?.stringValue ?? ""
            return (plan[path: ["roomType", "totalRate"]]?.doubleValue ?? 0, Int(id) ?? 0, id)
        }
        return plans.map { ($0, key($0)) }.sorted { left, right in
            if left.1.0 != right.1.0 { return left.1.0 > right.1.0 }
            return (left.1.1, left.1.2) < (right.1.1, right.1.2)
        }.map(\.0)
    }

    public func handle(_ method: String, _ request: JSONValue) async throws -> JSONValue {
        guard method == "GetRates" else { throw HotelRPCRouter.unimplemented(service, method) }
        let ids = (request["hotelIds"]?.arrayValue ?? []).compactMap(\.stringValue)
        return ["ratePlans": .array(try await getRateDocuments(hotelIds: ids))]
    }
}
