import Foundation
import OpsLabCore
import OpsLabKube

/// `misconfig_app`: replaces geo's image with `yinfangchen/geo:app3`, a build whose baked config points at
/// `mongodb-geo:27777` (as `kubectl set image` would, Deployment updated in place).
///
/// Symptom: the new geo pod logs `Read database URL: mongodb-geo:27777`, fails to dial (`no reachable servers`),
/// panics and goes into CrashLoopBackOff. Recover sets the image back (the recorded original, else
/// `yinfangchen/hotelreservation:latest`).
public struct MisconfigAppFault: Fault {
    /// The buggy image.
    public static let buggyImage = "yinfangchen/geo:app3"
    /// The HotelReservation image every service runs.
    public static let defaultImage = "yinfangchen/hotelreservation:latest"

    /// The Deployment name, `geo`.
    public var service: String
    /// The image written at inject.
    public var image: String
    /// The container's original image, recorded at inject.
    public let memory = FaultMemory()

    /// Creates the fault for a Deployment.
    public init(service: String = "geo", image: String = MisconfigAppFault.buggyImage) {
        self.service = service
        self.image = image
    }

    /// `misconfig_app/<svc>`.
    public var name: String { "misconfig_app/\(service)" }

    /// Records the container's image and replaces it with ``image``.
    public func inject(_ env: FaultEnvironment) async throws {
        let deployment = try await env.deployment(service)
        let index = try Self.containerIndex(deployment, service: service)
        let original = Self.containers(deployment)[index]["image"] ?? .string(Self.defaultImage)
        memory.recordIfAbsent("image", original)
        try await setImage(image, at: index, env)
    }

    /// Sets the image back to the recorded original (never the buggy one), else ``defaultImage``.
    public func recover(_ env: FaultEnvironment) async throws {
        let deployment = try await env.deployment(service)
        let index = try Self.containerIndex(deployment, service: service)
        let recorded = memory["image"]?.stringValue
        let restored = recorded.flatMap { $0 == image ? nil : $0 } ?? Self.defaultImage
        if Self.containers(deployment)[index]["image"]?.stringValue != restored {
            try await setImage(restored, at: index, env)
        }
        memory.clear()
    }

    /// `<svc>`, Application, Misconfiguration.
    public func groundTruth() -> GroundTruth {
        GroundTruth(faultyComponents: [service], systemLevel: .application, faultType: .misconfiguration)
    }

    /// All healthy, and no container of the Deployment runs the buggy image.
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        let health = try await AppHealth.check(env)
        let deployment = try await env.deployment(service)
        return health.combined(with: MitigationVerdict(reasons: Self.imageProblems(deployment, buggyImage: image)))
    }

    /// The containers of a Deployment that still run `buggyImage`, one reason each.
    public static func imageProblems(_ deployment: JSONValue, buggyImage: String = buggyImage) -> [String] {
        containers(deployment).compactMap { container in
            guard container["image"]?.stringValue == buggyImage else { return nil }
            let name = container["name"]?.stringValue ?? "?"
            return "deployment \(deployment.name) container \(name) runs image \(buggyImage)"
        }
    }

    /// The pod template's containers.
    static func containers(_ deployment: JSONValue) -> [JSONValue] {
        deployment[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
    }

    /// The index of the service's container: the one named `hotel-reserv-<svc>`, else the only/first one.
    /// - Throws: ``FaultError`` `.unexpectedObject` when the template has no container.
    public static func containerIndex(_ deployment: JSONValue, service: String) throws(FaultError) -> Int {
        let list = containers(deployment)
        guard !list.isEmpty else {
            throw FaultError(.unexpectedObject, "deployment \(deployment.name) has no containers")
        }
        return list.firstIndex { $0["name"]?.stringValue == "hotel-reserv-\(service)" } ?? 0
    }

    private func setImage(_ value: String, at index: Int, _ env: FaultEnvironment) async throws {
        let path = "/spec/template/spec/containers/\(index)/image"
        let patch: JSONValue = [["op": "replace", "path": .string(path), "value": .string(value)]]
        _ = try await env.client.patch(
            .deployments, namespace: env.namespace, name: service, patch: patch, patchType: .json)
    }
}
