import Foundation

/// The applications OpsLab can deploy, each a folder of Kubernetes manifests (plus seed data) in the package's
/// resources (`Resources/apps/<name>/`), whose images the built-in roles run.
///
/// Adding an app = adding such a folder, its roles (see ``Roles``) and an entry in ``all``.
public enum AppCatalog {
    /// Every known application.
    public static let all: [AppDefinition] = [hotelReservation]

    /// DeathStarBench's hotelReservation, as AIOpsLab deploys it.
    public static let hotelReservation = AppDefinition(
        name: "hotel-reservation",
        displayName: "Hotel Reservation",
        namespace: "test-hotel-reservation",
        description: """
            The application implements a hotel reservation service, built with Go-style microservices that \
            talk to each other over RPC. It keeps hotel data in persistent databases (MongoDB) and caches hot \
            data in memcached; a recommender picks hotels by distance, rating or price; users log in and \
            reserve rooms.
            """,
        operations: [
            "Get profile and rates of nearby hotels available during given time periods",
            "Recommend hotels based on user provided metrics",
            "Place reservations",
        ],
        entryService: "frontend",
        entryPort: 5000
    )

    /// Names of the known applications.
    public static var names: [String] { all.map(\.name) }

    /// The application called `name`, or `nil`.
    public static func app(named name: String) -> AppDefinition? {
        all.first { $0.name == name }
    }

    /// The folder holding every app's definition inside the resource bundle.
    public static var appsDirectory: URL? {
        Bundle.module.url(forResource: "apps", withExtension: nil)
    }

    /// The folder of one app's manifests.
    /// - Throws: ``AppCatalogError`` when the folder is missing from the bundle.
    public static func manifestDirectory(for app: AppDefinition) throws -> URL {
        guard let apps = appsDirectory else {
            throw AppCatalogError("the resource bundle has no apps folder")
        }
        let folder = apps.appendingPathComponent(app.name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw AppCatalogError("no manifests for app \"\(app.name)\" at \(folder.path)") }
        return folder
    }

    /// The app's manifest files (`*.yaml`, `*.yml`, `*.json`), sorted by name, with their text.
    public static func manifests(for app: AppDefinition) throws -> [(name: String, text: String)] {
        let folder = try manifestDirectory(for: app)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            (name, try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
    }
}

/// The catalog could not find or read an app.
public struct AppCatalogError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
