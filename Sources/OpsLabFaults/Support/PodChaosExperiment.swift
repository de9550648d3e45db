import Foundation
import OpsLabCore
import OpsLabKube

/// A Chaos Mesh PodChaos as AIOpsLab writes it (mode `one`, one `io.kompose.service` label), and the API calls
/// that apply it, wait for it and delete it.
public struct PodChaosExperiment: Sendable, Hashable {
    /// `metadata.name`, e.g. `pod-failure-experiment`.
    public var name: String
    /// `spec.action`: `pod-failure`, `container-kill` or `pod-kill`.
    public var action: String
    /// The `io.kompose.service` label value that selects the target pods.
    public var service: String
    /// `spec.duration`, e.g. `100s`.
    public var duration: String?
    /// `spec.containerNames` (container-kill).
    public var containerNames: [String]

    /// Creates an experiment.
    public init(name: String, action: String, service: String, duration: String?, containerNames: [String] = []) {
        self.name = name
        self.action = action
        self.service = service
        self.duration = duration
        self.containerNames = containerNames
    }

    /// The manifest in `namespace`.
    public func manifest(namespace: String) -> JSONValue {
        var spec: JSONValue = [
            "action": .string(action), "mode": "one",
            "selector": ["labelSelectors": ["io.kompose.service": .string(service)]],
        ]
        if let duration { spec["duration"] = .string(duration) }
        if !containerNames.isEmpty { spec["containerNames"] = .array(containerNames.map(JSONValue.string)) }
        return [
            "apiVersion": "chaos-mesh.org/v1alpha1", "kind": "PodChaos",
            "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": spec,
        ]
    }

    /// Whether every record of a stored experiment is injected (and there is at least one).
    public static func allInjected(_ object: JSONValue) -> Bool {
        let records = object[path: ["status", "experiment", "containerRecords"]]?.arrayValue ?? []
        return !records.isEmpty && records.allSatisfy { $0["phase"]?.stringValue == "Injected" }
    }

    /// Creates the experiment (replacing a leftover of the same name) and waits until every target is injected.
    /// - Throws: ``FaultError`` when it is not injected within `timeout` (with the experiment's last status).
    @discardableResult
    public func apply(_ env: FaultEnvironment, timeout: Duration = .seconds(30)) async throws -> JSONValue {
        if (try? await env.client.get(.podChaos, namespace: env.namespace, name: name)) != nil {
            try await delete(env, timeout: timeout)
        }
        _ = try await env.client.create(.podChaos, namespace: env.namespace, object: manifest(namespace: env.namespace))
        let deadline = ContinuousClock.now + timeout
        while true {
            let object = try await env.client.get(.podChaos, namespace: env.namespace, name: name)
            if Self.allInjected(object) { return object }
            if ContinuousClock.now >= deadline {
                throw FaultError(
                    .unexpectedObject, "PodChaos \(name) was not injected within \(timeout)",
                    cause: (object["status"] ?? .null).jsonString())
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Deletes the experiment (absent is fine) and waits until it is gone — with Chaos Mesh's finalizer, that is
    /// once every record is recovered.
    public func delete(_ env: FaultEnvironment, timeout: Duration = .seconds(30)) async throws {
        do {
            _ = try await env.client.delete(.podChaos, namespace: env.namespace, name: name)
        } catch let status as APIStatus where status.code == 404 {
            return
        }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            do {
                _ = try await env.client.get(.podChaos, namespace: env.namespace, name: name)
            } catch let status as APIStatus where status.code == 404 {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FaultError(.unexpectedObject, "PodChaos \(name) was not removed within \(timeout)")
    }
}
