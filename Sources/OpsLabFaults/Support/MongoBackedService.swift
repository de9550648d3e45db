import Foundation
import OpsLabCore

/// A HotelReservation service whose MongoDB requires authentication (`--auth`): geo or rate.
///
/// Both connect as `admin`/`admin`; the database's users are `admin` and `root` (db `admin`), each with
/// `userAdminAnyDatabase`@admin and `readWrite`@`<service>-db`.
public enum MongoBackedService: String, Sendable, Hashable, Codable, CaseIterable {
    /// `geo`, database `geo-db` in `mongodb-geo`.
    case geo
    /// `rate`, database `rate-db` in `mongodb-rate`.
    case rate

    /// The service's Deployment and `io.kompose.service` label, e.g. `geo`.
    public var serviceName: String { rawValue }
    /// The Mongo Deployment and Service, e.g. `mongodb-geo`.
    public var mongoName: String { "mongodb-\(rawValue)" }
    /// The service's database, e.g. `geo-db`.
    public var database: String { "\(rawValue)-db" }
    /// The collection the service counts at startup (`geo` or `inventory`).
    public var collection: String { self == .geo ? "geo" : "inventory" }

    /// The variant number of AIOpsLab's problem ids (`-1` for geo, `-2` for rate).
    public var variant: Int { self == .geo ? 1 : 2 }

    /// The ground truth shared by the Mongo faults: `mongodb-<svc>` (alias `<svc>`) at the application level.
    func groundTruth(faultType: FaultType) -> GroundTruth {
        GroundTruth(
            faultyComponents: [mongoName], aliases: [mongoName: [serviceName]], systemLevel: .application,
            faultType: faultType)
    }
}
