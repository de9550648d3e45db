import Foundation
import OpsLabCore

/// `user_unregistered_mongodb`: drops the services' Mongo user `admin` (as root), then deletes the service's
/// pods.
///
/// Symptom: the new geo/rate pod cannot authenticate, panics and crash-loops. Recover re-creates
/// `admin`/`admin` with `userAdminAnyDatabase`@admin and `readWrite`@`<svc>-db`, then deletes the service pods.
public struct UserUnregisteredFault: Fault {
    /// The service whose database user is dropped.
    public var service: MongoBackedService

    /// Creates the fault for geo or rate.
    public init(service: MongoBackedService) {
        self.service = service
    }

    /// `user_unregistered_mongodb/<svc>`.
    public var name: String { "user_unregistered_mongodb/\(service.rawValue)" }

    /// Drops `admin` (as root) and deletes the service pods.
    public func inject(_ env: FaultEnvironment) async throws {
        try await env.mongo(service, MongoAdminScript.dropAdmin, as: .root)
        try await env.deletePods(of: service.serviceName)
    }

    /// Re-creates `admin` (or, when it exists already, grants its role back) and deletes the service pods.
    public func recover(_ env: FaultEnvironment) async throws {
        let created = try await env.mongoAllowingFailure(service, MongoAdminScript.createAdmin(service), as: .root)
        if created.exitCode != 0 {
            let output = created.stdout + created.stderr
            guard output.contains("already exists") else {
                throw FaultError(
                    .commandFailed, "re-creating admin in \(service.mongoName) failed",
                    cause: output.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            try await env.mongo(service, MongoAdminScript.grantReadWrite(service), as: .root)
        }
        try await env.deletePods(of: service.serviceName)
    }

    /// `mongodb-<svc>` (alias `<svc>`), Application, Network/Storage Issue (AIOpsLab's classification).
    public func groundTruth() -> GroundTruth {
        service.groundTruth(faultType: .networkStorageIssue)
    }

    /// All healthy, and `admin`/`admin` may log in and read the service's database.
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        let health = try await AppHealth.check(env)
        return health.combined(with: try await MongoAccessCheck.verdict(service, env))
    }
}
