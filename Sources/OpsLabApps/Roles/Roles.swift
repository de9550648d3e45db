import Foundation

/// One built-in role: what a pod process runs for an image.
public struct RoleDefinition: Sendable {
    /// The role's name, e.g. `echo`, `mongodb`, `hotelreservation`.
    public var name: String
    /// Images that run this role: `name:tag` for one tag, a bare `name` for every tag.
    public var images: [String]
    /// Runs the role with the container's command+args and environment; returns the exit code.
    public var run: @Sendable (_ arguments: [String], _ environment: [String: String]) async throws -> Int32

    /// Creates a role.
    public init(
        name: String, images: [String],
        run: @escaping @Sendable (_ arguments: [String], _ environment: [String: String]) async throws -> Int32
    ) {
        self.name = name
        self.images = images
        self.run = run
    }
}

/// The microservice roles a pod process can run, by name (the kubelet maps images to roles).
public enum Roles {
    /// Every built-in role.
    public static var all: [RoleDefinition] { builtIn + datastores + hotelReservation }

    /// Roles for tests and demos.
    static let builtIn: [RoleDefinition] = [
        RoleDefinition(name: "echo", images: ["opslab/echo:1.0", "opslab/echo"]) { arguments, environment in
            try await EchoRole(arguments: arguments, environment: environment).run()
        },
        RoleDefinition(
            name: "pause",
            images: ["gcr.io/google-containers/pause", "registry.k8s.io/pause", "k8s.gcr.io/pause"]
        ) { _, _ in
            await PauseRole().run()
        },
    ]

    /// Names of the built-in roles.
    public static var names: [String] { all.map(\.name) }

    /// `(image, role)` pairs for the kubelet's image catalog.
    public static var images: [(image: String, role: String)] {
        all.flatMap { role in role.images.map { ($0, role.name) } }
    }

    /// Runs a role until it finishes or receives SIGTERM, and returns the process exit code.
    ///
    /// - Parameters:
    ///   - role: the role name, e.g. `echo`.
    ///   - arguments: the container's command and args.
    ///   - environment: the container's environment (`POD_NAME`, `POD_IP`, `PORT`, …).
    /// - Throws: ``RoleError`` for an unknown role; errors of the role itself (e.g. the port is taken).
    public static func run(role: String, arguments: [String], environment: [String: String]) async throws -> Int32 {
        guard let definition = all.first(where: { $0.name == role }) else {
            throw RoleError(code: "unknownRole", message: "unknown role \"\(role)\"; known roles: \(names)")
        }
        return try await definition.run(arguments, environment)
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
