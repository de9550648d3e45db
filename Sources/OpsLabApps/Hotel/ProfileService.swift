import Foundation
import OpsLabCore

/// `profile.Profile/GetProfiles`: hotel profiles read through memcached-profile (key = hotel id, value = JSON)
/// with `profile-db.hotels` behind it and a write-back on a miss.
public struct ProfileService: HotelRPCServer {
    /// Always `.profile`.
    public var service: HotelService { .profile }
    /// `profile-db`.
    public var store: any HotelDocumentStore
    /// memcached-profile.
    public var cache: any HotelCache
    /// The service log.
    public var logger: HotelLogger

    /// Creates the service.
    public init(store: any HotelDocumentStore, cache: any HotelCache, logger: HotelLogger) {
        self.store = store
        self.cache = cache
        self.logger = logger
    }

    /// Seeds `profile-db.hotels` when hotel 1 is missing.
    public static func seed(_ bootstrap: HotelBootstrap) async throws {
        try await bootstrap.seed(
            "hotels", probe: ["id": "1"], documents: HotelBootstrap.documents(HotelDataSet.profiles))
    }

    /// The profiles of `hotelIds`, in request order (unknown ids are skipped): one memcached round trip, then
    /// the database for the misses, which are written back.
    public func getProfiles(hotelIds: [String]) async throws -> [HotelProfile] {
        try await getProfileDocuments(hotelIds: hotelIds).compactMap { try? $0.decode(HotelProfile.self) }
    }

    /// The profiles as JSON documents (what the RPC answers).
    func getProfileDocuments(hotelIds: [String]) async throws -> [JSONValue] {
        let cached: [String: String]
        do {
            cached = hotelIds.isEmpty ? [:] : try await cache.getMulti(hotelIds)
        } catch {
            throw HotelFatalError(
                .panic, "Tried to get hotelIds \(hotelIds), but got memmcached error = \(error)",
                caller: "services/profile/server.go:118")
        }
        var hotels: [JSONValue] = []
        for id in hotelIds {
            if let text = cached[id], let hotel = try? JSONValue(parsing: text) {
                hotels.append(hotel)
                continue
            }
            let found: [JSONValue]
            do {
                found = try await store.find("hotels", filter: ["id": .string(id)])
            } catch {
                logger.error("services/profile/server.go:104", "Failed get hotels data: \(error)")
                throw HotelRPCError(code: "Unknown", message: "\(error)")
            }
            guard var document = found.first else { continue }
            document["_id"] = nil
            hotels.append(document)
            let text = document.jsonString()
            let cache = self.cache
            Task { try? await cache.set(id, text) }
        }
        return hotels
    }

    public func handle(_ method: String, _ request: JSONValue) async throws -> JSONValue {
        guard method == "GetProfiles" else { throw HotelRPCRouter.unimplemented(service, method) }
        let ids = (request["hotelIds"]?.arrayValue ?? []).compactMap(\.stringValue)
        return ["hotels": .array(try await getProfileDocuments(hotelIds: ids))]
    }
}
