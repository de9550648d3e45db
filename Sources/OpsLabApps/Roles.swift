import Foundation

/// The microservice roles a pod process can run, by name (the kubelet maps images to roles).
public enum Roles {
    /// Names of the built-in roles.
    public static let names = ["echo"]

    /// Runs a role until it finishes or receives SIGTERM, and returns the process exit code.
    ///
    /// - Parameters:
    ///   - role: the role name, e.g. `echo`.
    ///   - arguments: the container's command and args.
    ///   - environment: the container's environment (`POD_NAME`, `POD_IP`, `PORT`, …).
    /// - Throws: ``RoleError`` for an unknown role; errors of the role itself (e.g. the port is taken).
    public static func run(role: String, arguments: [String], environment: [String: String]) async throws -> Int32 {
        switch role {
        case "echo":
            return try await EchoRole(arguments: arguments, environment: environment).run()
        default:
            throw RoleError(code: "unknownRole", message: "unknown role \"\(role)\"; known roles: \(names)")
        }
    }
}

/// A role failed to start or run.
public struct RoleError: Error, Sendable, CustomStringConvertible {
    /// A machine-readable code, e.g. `unknownRole`.
    public var code: String
    /// A message for humans.
    public var message: String
    /// The underlying error, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(code: String, message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
