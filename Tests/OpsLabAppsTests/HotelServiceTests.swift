import Foundation
import OpsLabCore
import Testing

@testable import OpsLabApps

/// The whole app in one process: seeded in-memory databases and caches, servers wired by a local transport.
struct HotelTestApp {
    let stores: [HotelService: HotelMemoryStore]
    let caches: [HotelService: HotelMemoryCache]
    let geo: GeoService
    let rate: RateService
    let profile: ProfileService
    let recommendation: RecommendationService
    let reservation: ReservationService
    let user: UserService
    let search: SearchService

    static func make(without missing: Set<HotelService> = []) async throws -> (HotelTestApp, FrontendService) {
        var stores: [HotelService: HotelMemoryStore] = [:]
        var caches: [HotelService: HotelMemoryCache] = [:]
        func bootstrap(_ service: HotelService) -> HotelBootstrap {
            let store = HotelMemoryStore()
            stores[service] = store
            return HotelBootstrap(service: service, store: store, logger: .silent)
        }
        func cache(_ service: HotelService) -> HotelMemoryCache {
            let cache = HotelMemoryCache()
            caches[service] = cache
            return cache
        }
        let geo = try await GeoService.load(bootstrap(.geo))
        let rateBoot = bootstrap(.rate)
        try await RateService.seed(rateBoot)
        let rate = RateService(store: rateBoot.store, cache: cache(.rate), logger: .silent)
        let profileBoot = bootstrap(.profile)
        try await ProfileService.seed(profileBoot)
        let profile = ProfileService(store: profileBoot.store, cache: cache(.profile), logger: .silent)
        let recommendation = try await RecommendationService.load(bootstrap(.recommendation))
        let reservationBoot = bootstrap(.reservation)
        try await ReservationService.seed(reservationBoot)
        let reservation = ReservationService(
            store: reservationBoot.store, cache: cache(.reservation), logger: .silent)
        let user = try await UserService.load(bootstrap(.user))
        let servers: [any HotelRPCServer] = [geo, rate, profile, recommendation, reservation, user]
        let inner = HotelLocalTransport(servers: servers.filter { !missing.contains($0.service) })
        let search = SearchService(peers: inner, logger: .silent)
        let outer = HotelLocalTransport(
            servers: (servers + [search]).filter { !missing.contains($0.service) })
        let app = HotelTestApp(
            stores: stores, caches: caches, geo: geo, rate: rate, profile: profile, recommendation: recommendation,
            reservation: reservation, user: user, search: search)
        return (app, FrontendService(peers: outer, logger: .silent))
    }
}

@Suite("Hotel services")
struct HotelServiceTests {
    @Test func geoReturnsTheFiveNearestWithinTenKilometres() async throws {
        let (app, _) = try await HotelTestApp.make()
        let ids = app.geo.nearby(lat: 37.7867, lon: -122.4112)
        #expect(ids.count == 5)
        #expect(ids.first == "1")
        #expect(Set(ids).isSubset(of: ["1", "2", "3", "4", "5", "6"]))
        #expect(app.geo.nearby(lat: 40.0, lon: -100.0).isEmpty)
        let answer = try await app.geo.handle("Nearby", ["lat": 38.0235, "lon": -122.095])
        #expect(answer["hotelIds"]?.arrayValue?.first == "40")
        #expect(HotelGeoMath.distanceKm(37.7867, -122.4112, 37.7867, -122.4112) == 0)
        #expect(abs(HotelGeoMath.distanceKm(0, 0, 1, 0) - 111.195) < 0.01)
    }

    @Test func rateSortsByTotalRateAndWritesBackToTheCache() async throws {
        let (app, _) = try await HotelTestApp.make()
        let plans = try await app.rate.getRates(hotelIds: ["1", "2", "3", "9", "10"])
        #expect(plans.map(\.hotelId) == ["9", "2", "1", "3"])
        let cache = try #require(app.caches[.rate])
        var cached: String?
        for _ in 0..<100 where cached == nil {
            cached = try await cache.get("9")
            if cached == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(cached?.hasSuffix("\n") == true && cached?.contains("\"totalRate\":232") == true)
        let before = cache.stats.hits
        let again = try await app.rate.getRates(hotelIds: ["9"])
        #expect(again.first?.roomType.totalRate == 232)
        #expect(cache.stats.hits > before)
        #expect(RateService.sorted(plans.reversed()).map(\.hotelId) == ["9", "2", "1", "3"])
    }

    @Test func recommendationByDistanceRateAndPrice() async throws {
        let (app, _) = try await HotelTestApp.make()
        #expect(app.recommendation.recommend(require: "rate", lat: 38, lon: -122) == ["9", "24", "39", "54", "69"])
        #expect(app.recommendation.recommend(require: "price", lat: 38, lon: -122) == ["2"])
        #expect(app.recommendation.recommend(require: "dis", lat: 37.7867, lon: -122.4112) == ["1"])
        #expect(app.recommendation.recommend(require: "bogus", lat: 0, lon: 0).isEmpty)
        let answer = try await app.recommendation.handle(
            "GetRecommendations", ["require": "price", "lat": 1, "lon": 1])
        #expect(answer["HotelIds"] == ["2"])
    }

    @Test func userChecksCornellPasswords() async throws {
        let (app, _) = try await HotelTestApp.make()
        #expect(app.user.users.count == 501)
        #expect(app.user.check(username: "Cornell_0", password: "0000000000"))
        #expect(app.user.check(username: "Cornell_42", password: "42424242424242424242"))
        #expect(!app.user.check(username: "Cornell_42", password: "4242"))
        #expect(!app.user.check(username: "nobody", password: "0000000000"))
        let answer = try await app.user.handle("CheckUser", ["username": "Cornell_7", "password": "7777777777"])
        #expect(answer["correct"] == true)
    }

    @Test func reservationRespectsCapacity() async throws {
        let (app, _) = try await HotelTestApp.make()
        let service = app.reservation
        // Hotel 4 has 200 rooms and Alice's seed reservation on 2015-04-09.
        #expect(try await service.booked("4", "2015-04-09", "2015-04-10") == 1)
        #expect(
            try await service.makeReservation(
                customerName: "Bob", hotelIds: ["4"], inDate: "2015-04-09", outDate: "2015-04-11", rooms: 199) == ["4"])
        #expect(
            try await service.makeReservation(
                customerName: "Eve", hotelIds: ["4"], inDate: "2015-04-10", outDate: "2015-04-11", rooms: 2) == [])
        #expect(
            try await service.makeReservation(
                customerName: "Eve", hotelIds: ["4"], inDate: "2015-04-10", outDate: "2015-04-11", rooms: 1) == ["4"])
        let available = try await service.checkAvailability(
            hotelIds: ["1", "4", "5"], inDate: "2015-04-09", outDate: "2015-04-10", rooms: 1)
        #expect(available == ["1", "5"])
        let stored = try await app.stores[.reservation]!.find("reservation", filter: ["customerName": "Bob"])
        #expect(stored.count == 2)
        let response = try await service.handle(
            "CheckAvailability",
            [
                "hotelId": ["7", "8"], "inDate": "2015-04-09", "outDate": "2015-04-12", "roomNumber": 300,
            ])
        #expect(response["hotelId"] == ["7"])
    }

    @Test func searchCallsGeoThenRate() async throws {
        let (app, _) = try await HotelTestApp.make()
        let ids = try await app.search.nearby(lat: 37.7867, lon: -122.4112, inDate: "2015-04-09", outDate: "2015-04-10")
        #expect(ids == ["2", "1", "3"])
    }

    @Test func profilesComeInRequestOrderThroughTheCache() async throws {
        let (app, _) = try await HotelTestApp.make()
        let hotels = try await app.profile.getProfiles(hotelIds: ["3", "1", "999"])
        #expect(hotels.map(\.name) == ["Hotel Zetta", "Clift Hotel"])
        let cache = try #require(app.caches[.profile])
        var cached: String?
        for _ in 0..<100 where cached == nil {
            cached = try await cache.get("3")
            if cached == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(cached?.contains("Hotel Zetta") == true)
    }
}
