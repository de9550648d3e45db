import Foundation
import OpsLabCore
import OpsLabKube

/// `wrong_bin_usage`: re-applies profile's Deployment with the command `["geo"]`, so its pod runs the geo
/// binary (the pod template's `command` is replaced; the rollout swaps the pod).
///
/// Symptom: the pod is Running and Ready (there are no probes) but serves geo on 8083 instead of profile on
/// 8081, so `/hotels` and `/recommendations` fail with 500. Recover restores the original command (recorded at
/// inject; otherwise `[<svc>]`).
public struct WrongBinaryFault: Fault {
    /// The Deployment name, `profile`.
    public var service: String
    /// The command written at inject.
    public var wrongCommand: [String]
    /// The container's original command, recorded at inject.
    public let memory = FaultMemory()

    /// Creates the fault for a Deployment.
    public init(service: String = "profile", wrongCommand: [String] = ["geo"]) {
        self.service = service
        self.wrongCommand = wrongCommand
    }

    /// `wrong_bin_usage/<svc>`.
    public var name: String { "wrong_bin_usage/\(service)" }

    /// Records the container's command and replaces it with ``wrongCommand``.
    public func inject(_ env: FaultEnvironment) async throws {
        let deployment = try await env.deployment(service)
        let index = try MisconfigAppFault.containerIndex(deployment, service: service)
        let original = MisconfigAppFault.containers(deployment)[index]["command"] ?? .null
        memory.recordIfAbsent("command", original)
        try await setCommand(.array(wrongCommand.map(JSONValue.string)), at: index, env)
    }

    /// Restores the recorded command when it names the service, else `[<svc>]`.
    public func recover(_ env: FaultEnvironment) async throws {
        let deployment = try await env.deployment(service)
        let index = try MisconfigAppFault.containerIndex(deployment, service: service)
        let restored = Self.restoredCommand(original: memory["command"], service: service)
        if MisconfigAppFault.containers(deployment)[index]["command"] != restored {
            try await setCommand(restored, at: index, env)
        }
        memory.clear()
    }

    /// `<svc>`, Application, Network/Storage Issue (AIOpsLab's labels).
    public func groundTruth() -> GroundTruth {
        GroundTruth(faultyComponents: [service], systemLevel: .application, faultType: .networkStorageIssue)
    }

    /// All healthy, and the Deployment's container command names the service (AIOpsLab's check).
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        let health = try await AppHealth.check(env)
        let deployment = try await env.deployment(service)
        return health.combined(with: MitigationVerdict(reasons: Self.commandProblems(deployment, service: service)))
    }

    /// The command to write back: the recorded original when it names `service`, else `[<service>]`.
    public static func restoredCommand(original: JSONValue?, service: String) -> JSONValue {
        let words = original?.arrayValue ?? []
        if let original, words.contains(where: { $0.stringValue?.contains(service) == true }) {
            return original
        }
        return [.string(service)]
    }

    /// Why the Deployment does not run the service's binary: no container's command contains `service`.
    public static func commandProblems(_ deployment: JSONValue, service: String) -> [String] {
        let containers = MisconfigAppFault.containers(deployment)
        let commands = containers.map { ($0["command"]?.arrayValue ?? []).compactMap(\.stringValue) }
        if commands.contains(where: { $0.contains { $0.contains(service) } }) { return [] }
        let shown = commands.map { "[" + $0.joined(separator: " ") + "]" }.joined(separator: ", ")
        return ["deployment \(deployment.name) runs command \(shown), which does not contain \(service)"]
    }

    private func setCommand(_ value: JSONValue, at index: Int, _ env: FaultEnvironment) async throws {
        let path = "/spec/template/spec/containers/\(index)/command"
        let patch: JSONValue = [["op": "add", "path": .string(path), "value": value]]
        _ = try await env.client.patch(
            .deployments, namespace: env.namespace, name: service, patch: patch, patchType: .json)
    }
}
