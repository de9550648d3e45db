import Foundation
import OpsLabCore

/// `reservation.Reservation/CheckAvailability` and `/MakeReservation`: per-night room counts and hotel
/// capacities read through memcached-reserve (`<hotelId>_cap`, `<hotelId>_<night>_<next day>`) with
/// `reservation-db.number` and `reservation-db.reservation` behind it.
public struct ReservationService: HotelRPCServer {
    /// Always `.reservation`.
    public var service: HotelService { .reservation }
    /// `reservation-db`.
    public var store: any HotelDocumentStore
    /// memcached-reserve.
    public var cache: any HotelCache
    /// The service log.
    public var logger: HotelLogger

    /// Creates the service.
    public init(store: any HotelDocumentStore, cache: any HotelCache, logger: HotelLogger) {
        self.store = store
        self.cache = cache
        self.logger = logger
    }

    /// Seeds Alice's reservation and the capacities when missing.
    public static func seed(_ bootstrap: HotelBootstrap) async throws {
        try await bootstrap.seed(
            "reservation", probe: ["hotelId": "4"], documents: HotelBootstrap.documents(HotelDataSet.reservations))
        try await bootstrap.seed(
            "number", probe: ["hotelId": "1"], documents: HotelBootstrap.documents(HotelDataSet.capacities))
    }

    /// Hotels among `hotelIds` with `rooms` free on every night (capacities and counts fetched in two
    /// memcached round trips, misses filled from the database and written back).
    public func checkAvailability(
        hotelIds: [String], inDate: String, outDate: String, rooms: Int
    ) async throws
        -> [String]
    {
        let nights = HotelDate.nights(from: inDate, to: outDate)
        let capacityKeys = hotelIds.map { "\($0)_cap" }
        var capacities = try await getMultiCache(capacityKeys)
        for id in hotelIds where capacities["\(id)_cap"] == nil {
            capacities["\(id)_cap"] = String(try await capacity(of: id))
        }
        var nightKeys: [String] = []
        for id in hotelIds { nightKeys += nights.map { "\(id)_\($0.0)_\($0.1)" } }
        var counts = try await getMultiCache(nightKeys)
        var available: [String] = []
        for id in hotelIds {
            let capacity = Int(capacities["\(id)_cap"] ?? "") ?? 0
            var fits = true
            for (night, next) in nights {
                let key = "\(id)_\(night)_\(next)"
                let count: Int
                if let cached = counts[key].flatMap({ Int($0) }) {
                    count = cached
                } else {
                    count = try await booked(id, night, next)
                    counts[key] = String(count)
                }
                if count + rooms > capacity {
                    fits = false
                    break
                }
            }
            if fits { available.append(id) }
        }
        return available
    }

    /// Books `rooms` at the first hotel for every night; returns `[hotelId]`, or `[]` when a night is full.
    public func makeReservation(
        customerName: String, hotelIds: [String], inDate: String, outDate: String,
        rooms: Int
    ) async throws -> [String] {
        guard let id = hotelIds.first else { return [] }
        let nights = HotelDate.nights(from: inDate, to: outDate)
        let capacity = try await capacity(of: id)
        var counts: [(key: String, value: Int)] = []
        for (night, next) in nights {
            let count = try await booked(id, night, next)
            if count + rooms > capacity { return [] }
            counts.append(("\(id)_\(night)_\(next)", count + rooms))
        }
        for (key, value) in counts { try await setCache(key, String(value)) }
        let records = nights.map {
            HotelReservationRecord(hotelId: id, customerName: customerName, inDate: $0.0, outDate: $0.1, number: rooms)
        }
        if !records.isEmpty {
            do {
                try await store.insertMany("reservation", documents: HotelBootstrap.documents(records))
            } catch {
                throw HotelFatalError(.panic, "\(error)", caller: "services/reservation/server.go:178")
            }
        }
        return [id]
    }

    /// Rooms per night of a hotel (0 when unknown).
    func capacity(of id: String) async throws -> Int {
        let key = "\(id)_cap"
        if let cached = try await getCache(key), let value = Int(cached) { return value }
        let found = try await find("number", ["hotelId": .string(id)])
        let value = found.first?["numberOfRoom"]?.intValue.map(Int.init) ?? 0
        try await setCache(key, String(value))
        return value
    }

    /// Rooms already booked at a hotel for one night.
    func booked(_ id: String, _ night: String, _ next: String) async throws -> Int {
        let key = "\(id)_\(night)_\(next)"
        if let cached = try await getCache(key), let value = Int(cached) { return value }
        let found = try await find(
            "reservation", ["hotelId": .string(id), "inDate": .string(night), "outDate": .string(next)])
        let value = found.reduce(0) { $0 + Int($1["number"]?.intValue ?? 0) }
        try await setCache(key, String(value))
        return value
    }

    private func getCache(_ key: String) async throws -> String? {
        do {
            return try await cache.get(key)
        } catch {
            throw HotelFatalError(
                .panic, "Tried to get memc_key [\(key)], but got memmcached error = \(error)",
                caller: "services/reservation/server.go:92")
        }
    }

    private func getMultiCache(_ keys: [String]) async throws -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        do {
            return try await cache.getMulti(keys)
        } catch {
            throw HotelFatalError(
                .panic, "Tried to get memc_keys \(keys), but got memmcached error = \(error)",
                caller: "services/reservation/server.go:241")
        }
    }

    private func setCache(_ key: String, _ value: String) async throws {
        do {
            try await cache.set(key, value)
        } catch {
            throw HotelFatalError(.panic, "\(error)", caller: "services/reservation/server.go:160")
        }
    }

    private func find(_ collection: String, _ filter: JSONValue) async throws -> [JSONValue] {
        do {
            return try await store.find(collection, filter: filter)
        } catch {
            throw HotelFatalError(
                .panic, "Tried to find \(filter.jsonString()), but got error \(error)",
                caller: "services/reservation/server.go:101")
        }
    }

    public func handle(_ method: String, _ request: JSONValue) async throws -> JSONValue {
        let ids = (request["hotelId"]?.arrayValue ?? []).compactMap(\.stringValue)
        let inDate = request["inDate"]?.stringValue ?? ""
        let outDate = request["outDate"]?.stringValue ?? ""
        let rooms = Int(request["roomNumber"]?.intValue ?? 0)
        switch method {
        case "CheckAvailability":
            let result = try await checkAvailability(hotelIds: ids, inDate: inDate, outDate: outDate, rooms: rooms)
            return ["hotelId": .array(result.map { .string($0) })]
        case "MakeReservation":
            let result = try await makeReservation(
                customerName: request["customerName"]?.stringValue ?? "", hotelIds: ids, inDate: inDate,
                outDate: outDate, rooms: rooms)
            return ["hotelId": .array(result.map { .string($0) })]
        default:
            throw HotelRPCRouter.unimplemented(service, method)
        }
    }
}
