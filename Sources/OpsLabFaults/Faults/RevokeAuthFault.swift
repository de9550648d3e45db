import Foundation
import OpsLabCore

/// `revoke_auth_mongodb`: revokes `readWrite` on `<svc>-db` from the services' Mongo user `admin`, then
/// deletes the service's pods so they restart against the changed database (as AIOpsLab does).
///
/// Symptom: the new geo/rate pod logs in, its first count is refused ("not authorized on geo-db …"), it exits
/// and crash-loops. Recover grants the role back and deletes the service pods.
public struct RevokeAuthFault: Fault {
    /// The service whose database role is revoked.
    public var service: MongoBackedService

    /// Creates the fault for geo or rate.
    public init(service: MongoBackedService) {
        self.service = service
    }

    /// `revoke_auth_mongodb/<svc>`.
    public var name: String { "revoke_auth_mongodb/\(service.rawValue)" }

    /// Revokes the role (as admin, like AIOpsLab's script) and deletes the service pods.
    public func inject(_ env: FaultEnvironment) async throws {
        try await env.mongo(service, MongoAdminScript.revokeReadWrite(service), as: .admin)
        try await env.deletePods(of: service.serviceName)
    }

    /// Grants the role back and deletes the service pods.
    public func recover(_ env: FaultEnvironment) async throws {
        try await env.mongo(service, MongoAdminScript.grantReadWrite(service), as: .admin)
        try await env.deletePods(of: service.serviceName)
    }

    /// `mongodb-<svc>` (alias `<svc>`), Application, Authentication Issue.
    public func groundTruth() -> GroundTruth {
        service.groundTruth(faultType: .authenticationIssue)
    }

    /// All healthy, and `admin` may read the service's database again.
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        let health = try await AppHealth.check(env)
        return health.combined(with: try await MongoAccessCheck.verdict(service, env))
    }
}
