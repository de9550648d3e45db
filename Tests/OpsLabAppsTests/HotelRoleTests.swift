import Foundation
import OpsLabCore
import Testing

@testable import OpsLabApps

/// A store whose every call fails with a given error.
private struct FailingStore: HotelDocumentStore {
    var pingError: (any Error & Sendable)?
    var countError: (any Error & Sendable)?
    func ping() async throws { if let pingError { throw pingError } }
    func count(_ collection: String, filter: JSONValue) async throws -> Int {
        if let countError { throw countError }
        return 0
    }
    func find(_ collection: String, filter: JSONValue) async throws -> [JSONValue] { [] }
    func insertMany(_ collection: String, documents: [JSONValue]) async throws {}
}

private final class LineSink: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] { lock.withLock { stored } }
    func append(_ line: String) { lock.withLock { stored.append(line) } }
}

@Suite("Hotel role")
struct HotelRoleTests {
    @Test func theCommandSelectsTheService() {
        #expect(HotelReservationRole.service(forCommand: "geo") == .geo)
        #expect(HotelReservationRole.service(forCommand: "./frontend") == .frontend)
        #expect(HotelReservationRole.service(forCommand: "/go/bin/profile") == .profile)
        #expect(HotelReservationRole.service(forCommand: "consul") == nil)
        #expect(
            Roles.images.contains {
                $0.image == "yinfangchen/hotelreservation:latest" && $0.role == "hotelreservation"
            })
        #expect(Roles.names.contains("hotelreservation"))
    }

    @Test func servicesKnowTheirPortsAndDatastores() {
        #expect(HotelService.allCases.map(\.port) == [5000, 8082, 8083, 8084, 8081, 8085, 8087, 8086])
        #expect(HotelService.geo.mongoURL == "mongodb://admin:admin@mongodb-geo:27017")
        #expect(HotelService.rate.mongoURL == "mongodb://admin:admin@mongodb-rate:27017")
        #expect(HotelService.profile.mongoURL == "mongodb://mongodb-profile:27017")
        #expect(HotelService.reservation.memcachedAddress == "memcached-reserve:11211")
        #expect(HotelService.search.mongoAddress == nil && HotelService.geo.memcachedAddress == nil)
        #expect(HotelService.geo.route("Nearby") == "/geo.Geo/Nearby")
        #expect(HotelService.recommendation.portKey == "RecommendPort")
    }

    @Test func aRefusedLoginPanicsWithTheDatabaseText() async {
        let store = FailingStore(pingError: DocumentStoreError.authenticationFailed)
        let bootstrap = HotelBootstrap(service: .geo, store: store, logger: .silent)
        do {
            try await bootstrap.dial()
            Issue.record("dial should fail")
        } catch let fatal as HotelFatalError {
            #expect(fatal.level == .panic && fatal.exitCode == 2)
            #expect(fatal.message == "server returned error on SASL authentication step: Authentication failed.")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aRefusedCountIsFatalAndExitsOne() async throws {
        let denied = DocumentStoreError.unauthorized(database: "geo-db", command: "{ count: \"geo\" }")
        let sink = LineSink()
        let logger = HotelLogger(sink: { sink.append($0) })
        let bootstrap = HotelBootstrap(service: .geo, store: FailingStore(countError: denied), logger: logger)
        try await bootstrap.dial()
        do {
            _ = try await GeoService.load(bootstrap)
            Issue.record("load should fail")
        } catch let fatal as HotelFatalError {
            #expect(fatal.exitCode == 1)
            #expect(HotelReservationRole.crash(fatal, logger: logger) == 1)
        }
        let last = try #require(sink.lines.last)
        #expect(last.contains(" FTL cmd/geo/db.go:"))
        #expect(last.hasSuffix("> not authorized on geo-db to execute command { count: \"geo\" }\n"))
    }

    @Test func anUnreachableDatabaseIsRetriedThenPanics() async {
        let refused = RoleHTTPClientError(kind: .connectionRefused, message: "dial tcp 127.0.0.9:27017: refused")
        let unreachable = DocumentStoreError(
            code: 0, codeName: "", message: "no reachable servers", underlying: refused)
        let store = FailingStore(pingError: unreachable)
        let bootstrap = HotelBootstrap(service: .user, store: store, logger: .silent, dialTimeout: .milliseconds(300))
        let started = ContinuousClock.now
        await #expect(throws: HotelFatalError.self) { try await bootstrap.dial() }
        #expect(ContinuousClock.now - started >= .milliseconds(250))
    }

    @Test func theRouterAnswersStatusErrors() async throws {
        let (app, _) = try await HotelTestApp.make()
        let router = HotelRPCRouter(server: app.geo)
        let wrongService = await router.respond(
            RoleHTTPRequest(method: "POST", target: "/profile.Profile/GetProfiles"))
        #expect(wrongService.status == 404)
        #expect(HotelRPCRouter.error(from: wrongService).code == "Unimplemented")
        let wrongMethod = await router.respond(RoleHTTPRequest(method: "POST", target: "/geo.Geo/Far"))
        #expect(HotelRPCRouter.error(from: wrongMethod).description.hasPrefix("rpc error: code = Unimplemented"))
        let ok = await router.respond(
            RoleHTTPRequest(
                method: "POST", target: "/geo.Geo/Nearby", body: Data("{\"lat\":37.7867,\"lon\":-122.4112}".utf8)))
        #expect(ok.status == 200 && ok.jsonBody?["hotelIds"]?.arrayValue?.count == 5)
    }

    @Test func fatalErrorsInHandlersReachTheCrashHook() async throws {
        let cache = HotelMemoryCache()
        let store = HotelMemoryStore()
        store.failure = DocumentStoreError.unauthorized(database: "rate-db", command: "{ find: \"inventory\" }")
        let rate = RateService(store: store, cache: cache, logger: .silent)
        let crashed = LineSink()
        let router = HotelRPCRouter(server: rate, onFatal: { crashed.append("\($0.exitCode) \($0.message)") })
        let response = await router.respond(
            RoleHTTPRequest(
                method: "POST", target: "/rate.Rate/GetRates", body: Data("{\"hotelIds\":[\"1\"]}".utf8)))
        #expect(response.status == 500)
        #expect(crashed.lines.first?.hasPrefix("2 Tried to find hotelId [1], but got error not authorized") == true)
    }

    @Test func transportErrorsReadLikeGRPC() {
        let refused = RoleHTTPClientError(
            kind: .connectionRefused, message: "dial tcp 127.5.0.7:8083: connect: refused")
        let error = HotelRPCError.transport(refused, route: "/geo.Geo/Nearby", target: "geo:8083")
        #expect(
            error.description == "rpc error: code = Unavailable desc = connection error: desc = \"transport: "
                + "Error while dialing: dial tcp 127.5.0.7:8083: connect: refused\" (/geo.Geo/Nearby via geo:8083)")
        let slow = RoleHTTPClientError(kind: .timeout, message: "read tcp 1->2: i/o timeout")
        #expect(
            HotelRPCError.transport(slow, route: "/user.User/CheckUser", target: "user:8086").code
                == "DeadlineExceeded")
    }
}
