import Foundation
import OpsLabCore
import OpsLabKube

/// `k8s_target_port-misconfig`: sets the first port's `targetPort` of a Service to a port nothing listens on.
///
/// Symptom: connections through the Service are refused while its endpoints point at the wrong port (for
/// HotelReservation, e.g. the frontend answers 500 naming the service). Recover restores the original
/// `targetPort` (recorded at inject; otherwise the Deployment's container port).
public struct TargetPortMisconfigFault: Fault {
    /// The Service (and Deployment) name, e.g. `geo`.
    public var service: String
    /// The wrong port written into `targetPort`.
    public var wrongPort: Int
    /// The original `targetPort`, recorded at inject.
    public let memory = FaultMemory()

    /// Creates the fault for a Service.
    public init(service: String, wrongPort: Int = 9999) {
        self.service = service
        self.wrongPort = wrongPort
    }

    /// `k8s_target_port-misconfig/<svc>`.
    public var name: String { "k8s_target_port-misconfig/\(service)" }

    /// Records the original `spec.ports[0].targetPort` and replaces it with ``wrongPort``.
    public func inject(_ env: FaultEnvironment) async throws {
        let object = try await env.service(service)
        guard let original = object[path: ["spec", "ports"]]?[0]?["targetPort"] else {
            throw FaultError(.unexpectedObject, "service \(service) has no spec.ports[0].targetPort")
        }
        memory.recordIfAbsent("targetPort", original)
        try await setTargetPort(.int(Int64(wrongPort)), env)
    }

    /// Puts the original `targetPort` back.
    public func recover(_ env: FaultEnvironment) async throws {
        var original = memory["targetPort"]
        if original == nil {
            let ports = try await containerPorts(env)
            original = ports.first.map { .int(Int64($0.port)) }
        }
        guard let original else {
            throw FaultError(.notFound, "the original targetPort of \(service) is unknown")
        }
        try await setTargetPort(original, env)
        memory.clear()
    }

    /// `<svc>`, Virtualization, Misconfiguration.
    public func groundTruth() -> GroundTruth {
        GroundTruth(faultyComponents: [service], systemLevel: .virtualization, faultType: .misconfiguration)
    }

    /// All healthy, and every port's `targetPort` names a container port of the Deployment.
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        let health = try await AppHealth.check(env)
        let object = try await env.service(service)
        let ports = try await containerPorts(env)
        let reasons = Self.portProblems(service: object, containerPorts: ports)
        return health.combined(with: MitigationVerdict(reasons: reasons))
    }

    /// A container port: number and optional name.
    public struct ContainerPort: Sendable, Hashable {
        /// `containerPort`.
        public var port: Int
        /// `name`, if any.
        public var name: String?

        /// Creates a port.
        public init(port: Int, name: String? = nil) {
            self.port = port
            self.name = name
        }
    }

    /// The ports of a Service whose `targetPort` (number, or name) matches none of `containerPorts`.
    public static func portProblems(service: JSONValue, containerPorts: [ContainerPort]) -> [String] {
        var reasons: [String] = []
        for port in service[path: ["spec", "ports"]]?.arrayValue ?? [] {
            let number = port["port"]?.intValue.map(Int.init)
            let label = "service \(service.name) port \(number.map(String.init) ?? "?")"
            switch port["targetPort"] {
            case .some(.string(let name)):
                if let numeric = Int(name), containerPorts.contains(where: { $0.port == numeric }) { continue }
                if !containerPorts.contains(where: { $0.name == name }) {
                    reasons.append("\(label) targets \"\(name)\", which no container port is named")
                }
            case .some(let value):
                let target = value.intValue.map(Int.init) ?? number
                if let target, !containerPorts.contains(where: { $0.port == target }) {
                    let known = containerPorts.map { String($0.port) }.joined(separator: ", ")
                    reasons.append("\(label) targets \(target), but the containers listen on \(known)")
                }
            case .none:
                if let number, !containerPorts.contains(where: { $0.port == number }) {
                    reasons.append("\(label) targets \(number), which no container listens on")
                }
            }
        }
        return reasons
    }

    private func setTargetPort(_ value: JSONValue, _ env: FaultEnvironment) async throws {
        let patch: JSONValue = [["op": "replace", "path": "/spec/ports/0/targetPort", "value": value]]
        _ = try await env.client.patch(
            .services, namespace: env.namespace, name: service, patch: patch, patchType: .json)
    }

    private func containerPorts(_ env: FaultEnvironment) async throws -> [ContainerPort] {
        let deployment = try await env.deployment(service)
        let containers = deployment[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
        return containers.flatMap { container in
            (container["ports"]?.arrayValue ?? []).compactMap { port in
                port["containerPort"]?.intValue.map { ContainerPort(port: Int($0), name: port["name"]?.stringValue) }
            }
        }
    }
}
