import Foundation
import OpsLabCore

/// A failed internal RPC, printed the way grpc-go prints a status error:
/// `rpc error: code = Unavailable desc = …`.
public struct HotelRPCError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The gRPC status code name, e.g. `Unavailable`, `DeadlineExceeded`, `Unknown`, `Unimplemented`.
    public var code: String
    /// The status message (`desc`).
    public var message: String

    /// Creates an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "rpc error: code = \(code) desc = \(message)" }

    /// The error a client sees when calling `route` on `target` (`geo:8083`) failed before any answer.
    ///
    /// The description names the method and the Service dialled, so a 5xx body or a log line says which
    /// dependency failed, e.g. `rpc error: code = Unavailable desc = connection error: desc = "transport: Error
    /// while dialing: dial tcp 127.5.0.7:8083: connect: connection refused" (/geo.Geo/Nearby via geo:8083)`.
    public static func transport(_ error: RoleHTTPClientError, route: String, target: String) -> HotelRPCError {
        let via = "(\(route) via \(target))"
        switch error.kind {
        case .timeout where !error.isConnectFailure:
            return HotelRPCError(code: "DeadlineExceeded", message: "context deadline exceeded \(via)")
        case .noSuchHost, .connectionRefused, .timeout, .invalidURL:
            return HotelRPCError(
                code: "Unavailable",
                message: "connection error: desc = \"transport: Error while dialing: \(error.message)\" \(via)")
        case .eof, .connectionReset, .other:
            return HotelRPCError(code: "Unavailable", message: "error reading from server: \(error.message) \(via)")
        }
    }

    /// The JSON body a server answers a failed call with.
    public var json: JSONValue { ["code": .string(code), "message": .string(message)] }
}
