import Foundation
import OpsLabCore

/// How a hotel service calls a peer's RPC: JSON over HTTP to `http://<service>:<port>/<pkg.Service>/<Method>`.
public protocol HotelRPCTransport: Sendable {
    /// Calls `method` of `service` with a JSON request and returns the JSON result.
    /// - Throws: ``HotelRPCError`` (a status from the peer, or a transport failure as gRPC would report it).
    func call(_ service: HotelService, _ method: String, _ request: JSONValue) async throws -> JSONValue
}

/// A service that answers RPCs (every hotel service except the frontend).
public protocol HotelRPCServer: Sendable {
    /// Which service this is (its RPC routes are `/<service.rpcService>/<Method>`).
    var service: HotelService { get }
    /// Handles one call.
    /// - Throws: ``HotelRPCError`` for a status, ``HotelFatalError`` when the original would crash.
    func handle(_ method: String, _ request: JSONValue) async throws -> JSONValue
}

/// Turns HTTP requests into calls of a ``HotelRPCServer`` and back.
public struct HotelRPCRouter: Sendable {
    /// The server calls go to.
    public var server: any HotelRPCServer
    /// Called with a ``HotelFatalError`` a handler raised (the role logs it and exits); `nil` answers 500.
    public var onFatal: (@Sendable (HotelFatalError) -> Void)?

    /// Creates a router.
    public init(server: any HotelRPCServer, onFatal: (@Sendable (HotelFatalError) -> Void)? = nil) {
        self.server = server
        self.onFatal = onFatal
    }

    /// Answers one HTTP request: 200 with the JSON result, or an error status with `{"code","message"}`.
    public func respond(_ request: RoleHTTPRequest) async -> RoleHTTPResponse {
        let prefix = "/\(server.service.rpcService)/"
        guard request.path.hasPrefix(prefix) else {
            let name = request.path.split(separator: "/").first.map(String.init) ?? request.path
            return .json(404, HotelRPCError(code: "Unimplemented", message: "unknown service \(name)").json)
        }
        let method = String(request.path.dropFirst(prefix.count))
        let body: JSONValue
        if request.body.isEmpty {
            body = .emptyObject
        } else if let parsed = try? JSONValue(parsing: request.body) {
            body = parsed
        } else {
            return .json(400, HotelRPCError(code: "Internal", message: "grpc: error unmarshalling request").json)
        }
        do {
            return .json(200, try await server.handle(method, body))
        } catch let error as HotelRPCError {
            return .json(error.code == "Unimplemented" ? 404 : 500, error.json)
        } catch let fatal as HotelFatalError {
            onFatal?(fatal)
            return .json(500, HotelRPCError(code: "Unavailable", message: "error reading from server: EOF").json)
        } catch {
            return .json(500, HotelRPCError(code: "Unknown", message: "\(error)").json)
        }
    }

    /// The status error a client sees for a non-200 answer.
    public static func error(from response: RoleHTTPResponse) -> HotelRPCError {
        if let json = response.jsonBody, let code = json["code"]?.stringValue,
            let message = json["message"]?.stringValue
        {
            return HotelRPCError(code: code, message: message)
        }
        return HotelRPCError(
            code: "Unknown", message: "unexpected HTTP status \(response.status): \(response.bodyText)")
    }

    /// The error for a method the server does not have.
    public static func unimplemented(_ service: HotelService, _ method: String) -> HotelRPCError {
        HotelRPCError(code: "Unimplemented", message: "unknown method \(method) for service \(service.rpcService)")
    }
}
