import Foundation
import OpsLabCore

/// An in-process transport that routes calls to local servers through the same JSON wire format (tests).
public struct HotelLocalTransport: HotelRPCTransport {
    /// The servers by service; a missing one behaves like a Service with no endpoints.
    public var servers: [HotelService: any HotelRPCServer]

    /// Creates a transport over local servers.
    public init(servers: [any HotelRPCServer]) {
        var table: [HotelService: any HotelRPCServer] = [:]
        for server in servers { table[server.service] = server }
        self.servers = table
    }

    public func call(_ service: HotelService, _ method: String, _ request: JSONValue) async throws -> JSONValue {
        let route = service.route(method)
        guard let server = servers[service] else {
            let refused = RoleHTTPClientError(
                kind: .connectionRefused,
                message: "dial tcp \(service.rawValue):\(service.port): connect: connection refused")
            throw HotelRPCError.transport(refused, route: route, target: "\(service.rawValue):\(service.port)")
        }
        let response = await HotelRPCRouter(server: server).respond(
            RoleHTTPRequest(method: "POST", target: route, body: request.jsonData()))
        guard response.status == 200, let json = response.jsonBody else {
            throw HotelRPCRouter.error(from: response)
        }
        return json
    }
}
