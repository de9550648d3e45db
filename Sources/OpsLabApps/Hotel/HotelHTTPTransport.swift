import Foundation
import OpsLabCore

/// The real transport: HTTP through Kubernetes Services (`http://geo:8083/geo.Geo/Nearby`).
public struct HotelHTTPTransport: HotelRPCTransport {
    /// The HTTP client (resolves Service names through the pod's ``ServiceResolver``).
    public var http: RoleHTTPClient

    /// Creates a transport.
    public init(http: RoleHTTPClient) {
        self.http = http
    }

    public func call(_ service: HotelService, _ method: String, _ request: JSONValue) async throws -> JSONValue {
        let route = service.route(method)
        let target = "\(service.rawValue):\(service.port)"
        let response: RoleHTTPResponse
        do {
            response = try await http.send(
                "POST", "http://\(target)\(route)", headers: [("Content-Type", "application/json")],
                body: request.jsonData())
        } catch let error as RoleHTTPClientError {
            throw HotelRPCError.transport(error, route: route, target: target)
        }
        guard response.status == 200 else { throw HotelRPCRouter.error(from: response) }
        guard let json = response.jsonBody else {
            throw HotelRPCError(code: "Internal", message: "grpc: failed to unmarshal the received message")
        }
        return json
    }
}
