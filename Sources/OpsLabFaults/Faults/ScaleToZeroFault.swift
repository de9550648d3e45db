import Foundation
import OpsLabCore
import OpsLabKube

/// `scale_pod_zero`: scales a Deployment to zero replicas.
///
/// Symptom: the service has no pods and no endpoints; callers fail. Recover scales back to the original
/// count (recorded at inject; otherwise 1, the count of every HotelReservation Deployment).
public struct ScaleToZeroFault: Fault {
    /// The Deployment name, e.g. `geo`.
    public var service: String
    /// The original replica count, recorded at inject.
    public let memory = FaultMemory()

    /// Creates the fault for a Deployment.
    public init(service: String) {
        self.service = service
    }

    /// `scale_pod_zero/<svc>`.
    public var name: String { "scale_pod_zero/\(service)" }

    /// Records `spec.replicas` and sets it to 0.
    public func inject(_ env: FaultEnvironment) async throws {
        let deployment = try await env.deployment(service)
        memory.recordIfAbsent("replicas", deployment[path: ["spec", "replicas"]] ?? 1)
        try await setReplicas(0, env)
    }

    /// Sets `spec.replicas` back to the original count.
    public func recover(_ env: FaultEnvironment) async throws {
        let replicas = memory["replicas"]?.intValue ?? 1
        try await setReplicas(replicas, env)
        memory.clear()
    }

    /// `<svc>`, Virtualization, Operation Error.
    public func groundTruth() -> GroundTruth {
        GroundTruth(faultyComponents: [service], systemLevel: .virtualization, faultType: .operationError)
    }

    /// All healthy, and the Deployment wants at least one replica and has that many available.
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        let health = try await AppHealth.check(env)
        let deployment = try await env.deployment(service)
        return health.combined(with: MitigationVerdict(reasons: Self.replicaProblems(deployment)))
    }

    /// Why a Deployment is not serving: no replicas wanted, or fewer available than wanted.
    public static func replicaProblems(_ deployment: JSONValue) -> [String] {
        let desired = deployment[path: ["spec", "replicas"]]?.intValue ?? 1
        let available = deployment[path: ["status", "availableReplicas"]]?.intValue ?? 0
        if desired < 1 { return ["deployment \(deployment.name) is scaled to \(desired) replicas"] }
        if available < desired {
            return ["deployment \(deployment.name) has \(available) of \(desired) replicas available"]
        }
        return []
    }

    private func setReplicas(_ replicas: Int64, _ env: FaultEnvironment) async throws {
        _ = try await env.client.patch(
            .deployments, namespace: env.namespace, name: service, patch: ["spec": ["replicas": .int(replicas)]],
            patchType: .merge)
    }
}
