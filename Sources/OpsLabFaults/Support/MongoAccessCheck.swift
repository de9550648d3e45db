import Foundation
import OpsLabCore
import OpsLabKube

/// The Mongo faults' specific check: can `admin`/`admin` log in and count the service's collection?
enum MongoAccessCheck {
    static func verdict(_ service: MongoBackedService, _ env: FaultEnvironment) async throws -> MitigationVerdict {
        let run: KubectlResult
        do {
            run = try await env.mongoAllowingFailure(service, MongoAdminScript.countCollection(service), as: .admin)
        } catch let error as FaultError {
            return MitigationVerdict(reasons: ["cannot check \(service.mongoName): \(error)"])
        }
        guard run.exitCode == 0 else {
            let output = (run.stdout + run.stderr).split(separator: "\n").first.map(String.init)
            return MitigationVerdict(
                reasons: [
                    "user admin cannot read \(service.database) in \(service.mongoName): "
                        + (output ?? "exit \(run.exitCode)")
                ])
        }
        return .ok
    }
}
