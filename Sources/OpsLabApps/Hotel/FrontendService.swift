import Foundation
import OpsLabCore

/// The frontend's HTTP API on :5000 (`/hotels`, `/recommendations`, `/user`, `/reservation`), with the
/// original's parameters, 400 messages, JSON shapes and headers. Any method is accepted. A failing
/// dependency answers 500 with its status error as the body, and is logged.
public struct FrontendService: Sendable {
    /// How the backends are called.
    public var peers: any HotelRPCTransport
    /// The service log.
    public var logger: HotelLogger

    /// Creates the frontend.
    public init(peers: any HotelRPCTransport, logger: HotelLogger) {
        self.peers = peers
        self.logger = logger
    }

    /// The message `/user` and `/reservation` answer for a wrong password.
    public static let loginFailed = "Failed. Please check your username and password. "

    /// Answers one request.
    public func respond(_ request: RoleHTTPRequest) async -> RoleHTTPResponse {
        let query = request.query
        do {
            switch request.path {
            case "/hotels": return try await hotels(query)
            case "/recommendations": return try await recommendations(query)
            case "/user": return try await user(query)
            case "/reservation": return try await reservation(query)
            case "/", "/index.html": return Self.page()
            default: return Self.error(404, "404 page not found")
            }
        } catch let failure as FrontendFailure {
            logger.error("services/frontend/server.go:\(failure.line)", "\(failure.call) failed: \(failure.error)")
            return Self.error(500, "\(failure.error)")
        } catch {
            return Self.error(500, "\(error)")
        }
    }

    func hotels(_ query: [String: String]) async throws -> RoleHTTPResponse {
        let inDate = query["inDate"] ?? "", outDate = query["outDate"] ?? ""
        guard !inDate.isEmpty, !outDate.isEmpty else { return Self.error(400, "Please specify inDate/outDate params") }
        let sLat = query["lat"] ?? "", sLon = query["lon"] ?? ""
        guard !sLat.isEmpty, !sLon.isEmpty else { return Self.error(400, "Please specify location params") }
        let lat = Self.float32(sLat), lon = Self.float32(sLon)
        let locale = query["locale"].flatMap { $0.isEmpty ? nil : $0 } ?? "en"
        let search = try await call(
            .search, "Nearby",
            [
                "lat": .double(lat), "lon": .double(lon), "inDate": .string(inDate), "outDate": .string(outDate),
            ], line: 118)
        let available = try await call(
            .reservation, "CheckAvailability",
            [
                "customerName": "", "hotelId": search["hotelIds"] ?? [], "inDate": .string(inDate),
                "outDate": .string(outDate), "roomNumber": 1,
            ], line: 139)
        let profiles = try await call(
            .profile, "GetProfiles",
            [
                "hotelIds": available["hotelId"] ?? [], "locale": .string(locale),
            ], line: 156)
        return Self.json(Self.geoJSON(profiles["hotels"]?.arrayValue ?? []))
    }

    func recommendations(_ query: [String: String]) async throws -> RoleHTTPResponse {
        let sLat = query["lat"] ?? "", sLon = query["lon"] ?? ""
        guard !sLat.isEmpty, !sLon.isEmpty else { return Self.error(400, "Please specify location params") }
        let require = query["require"] ?? ""
        guard ["dis", "rate", "price"].contains(require) else {
            return Self.error(400, "Please specify require params")
        }
        let locale = query["locale"].flatMap { $0.isEmpty ? nil : $0 } ?? "en"
        let recommended = try await call(
            .recommendation, "GetRecommendations",
            [
                "require": .string(require), "lat": .double(Double(sLat) ?? 0), "lon": .double(Double(sLon) ?? 0),
            ], line: 194)
        let profiles = try await call(
            .profile, "GetProfiles",
            [
                "hotelIds": recommended["HotelIds"] ?? [], "locale": .string(locale),
            ], line: 207)
        return Self.json(Self.geoJSON(profiles["hotels"]?.arrayValue ?? []))
    }

    func user(_ query: [String: String]) async throws -> RoleHTTPResponse {
        let username = query["username"] ?? "", password = query["password"] ?? ""
        guard !username.isEmpty, !password.isEmpty else {
            return Self.error(400, "Please specify username and password")
        }
        let answer = try await call(
            .user, "CheckUser",
            [
                "username": .string(username), "password": .string(password),
            ], line: 234)
        let correct = answer["correct"]?.boolValue == true
        return Self.json(["message": .string(correct ? "Login successfully!" : Self.loginFailed)])
    }

    func reservation(_ query: [String: String]) async throws -> RoleHTTPResponse {
        let inDate = query["inDate"] ?? "", outDate = query["outDate"] ?? ""
        guard !inDate.isEmpty, !outDate.isEmpty else { return Self.error(400, "Please specify inDate/outDate params") }
        guard HotelDate.checkFormat(inDate), HotelDate.checkFormat(outDate) else {
            return Self.error(400, "Please check inDate/outDate format (YYYY-MM-DD)")
        }
        let hotelId = query["hotelId"] ?? ""
        guard !hotelId.isEmpty else { return Self.error(400, "Please specify hotelId params") }
        let customerName = query["customerName"] ?? ""
        guard !customerName.isEmpty else { return Self.error(400, "Please specify customerName params") }
        let username = query["username"] ?? "", password = query["password"] ?? ""
        guard !username.isEmpty, !password.isEmpty else {
            return Self.error(400, "Please specify username and password")
        }
        let rooms = query["number"].flatMap { Int($0) } ?? 0
        let checked = try await call(
            .user, "CheckUser",
            [
                "username": .string(username), "password": .string(password),
            ], line: 282)
        var message = checked["correct"]?.boolValue == true ? "Reserve successfully!" : Self.loginFailed
        let made = try await call(
            .reservation, "MakeReservation",
            [
                "customerName": .string(customerName), "hotelId": [.string(hotelId)], "inDate": .string(inDate),
                "outDate": .string(outDate), "roomNumber": .int(Int64(rooms)),
            ], line: 299)
        if (made["hotelId"]?.arrayValue ?? []).isEmpty { message = "Failed. Already reserved. " }
        return Self.json(["message": .string(message)])
    }

    private func call(
        _ service: HotelService, _ method: String, _ request: JSONValue, line: Int
    ) async throws
        -> JSONValue
    {
        do {
            return try await peers.call(service, method, request)
        } catch {
            throw FrontendFailure(call: "\(service.rawValue).\(method)", error: error, line: line)
        }
    }
}

/// A backend call of the frontend failed.
struct FrontendFailure: Error {
    var call: String
    var error: any Error
    var line: Int
}
