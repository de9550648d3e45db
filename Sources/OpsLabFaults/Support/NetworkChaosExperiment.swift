import Foundation
import OpsLabCore
import OpsLabKube

/// A Chaos Mesh NetworkChaos as AIOpsLab writes it (mode `one`, one `io.kompose.service` label), and the API
/// calls that apply it, wait for it and delete it.
public struct NetworkChaosExperiment: Sendable, Hashable {
    /// `metadata.name`: AIOpsLab's `delay` or `loss`.
    public var name: String
    /// The `io.kompose.service` label value that selects the target pods.
    public var service: String
    /// `spec.duration`, e.g. `200s`.
    public var duration: String?
    /// Everything else of `spec`: `action` and its block (`delay` or `loss`), `direction`, `target`, ….
    public var body: [String: JSONValue]
    /// Whether `spec.selector.namespaces` names the namespace (AIOpsLab's loss does, its delay does not).
    public var namesNamespace: Bool

    /// Creates an experiment.
    public init(
        name: String, service: String, duration: String?, body: [String: JSONValue], namesNamespace: Bool = false
    ) {
        self.name = name
        self.service = service
        self.duration = duration
        self.body = body
        self.namesNamespace = namesNamespace
    }

    /// AIOpsLab's `delay`: latency 10 s, correlation 100, jitter 0 ms, mode one, 200 s.
    public static func aiopsLabDelay(service: String, latency: String = "10s", duration: String = "200s") -> Self {
        NetworkChaosExperiment(
            name: "delay", service: service, duration: duration,
            body: [
                "action": "delay",
                "delay": ["latency": .string(latency), "correlation": "100", "jitter": "0ms"],
            ])
    }

    /// AIOpsLab's `loss`: 99 % with correlation 100, mode one, 200 s, the namespace named in the selector.
    public static func aiopsLabLoss(service: String, loss: String = "99", duration: String = "200s") -> Self {
        NetworkChaosExperiment(
            name: "loss", service: service, duration: duration,
            body: ["action": "loss", "loss": ["loss": .string(loss), "correlation": "100"]], namesNamespace: true)
    }

    /// The manifest in `namespace`.
    public func manifest(namespace: String) -> JSONValue {
        var selector: JSONValue = ["labelSelectors": ["io.kompose.service": .string(service)]]
        if namesNamespace { selector["namespaces"] = [.string(namespace)] }
        var spec = JSONValue.object(body)
        spec["mode"] = "one"
        spec["selector"] = selector
        if let duration { spec["duration"] = .string(duration) }
        return [
            "apiVersion": "chaos-mesh.org/v1alpha1", "kind": "NetworkChaos",
            "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": spec,
        ]
    }

    /// Whether every record of a stored experiment is injected (and there is at least one).
    public static func allInjected(_ object: JSONValue) -> Bool {
        let records = object[path: ["status", "experiment", "containerRecords"]]?.arrayValue ?? []
        return !records.isEmpty && records.allSatisfy { $0["phase"]?.stringValue == "Injected" }
    }

    /// Whether a stored experiment's records are all recovered (time up, paused, or nothing selected yet).
    public static func noneInjected(_ object: JSONValue) -> Bool {
        let records = object[path: ["status", "experiment", "containerRecords"]]?.arrayValue ?? []
        return records.allSatisfy { $0["phase"]?.stringValue != "Injected" }
    }

    /// Creates the experiment (replacing a leftover of the same name) and waits until every target is injected.
    /// - Throws: ``FaultError`` when it is not injected within `timeout` (with the experiment's last status).
    @discardableResult
    public func apply(_ env: FaultEnvironment, timeout: Duration = .seconds(30)) async throws -> JSONValue {
        if (try? await env.client.get(.networkChaos, namespace: env.namespace, name: name)) != nil {
            try await delete(env, timeout: timeout)
        }
        _ = try await env.client.create(
            .networkChaos, namespace: env.namespace, object: manifest(namespace: env.namespace))
        let deadline = ContinuousClock.now + timeout
        while true {
            let object = try await env.client.get(.networkChaos, namespace: env.namespace, name: name)
            if Self.allInjected(object) { return object }
            if ContinuousClock.now >= deadline {
                throw FaultError(
                    .unexpectedObject, "NetworkChaos \(name) was not injected within \(timeout)",
                    cause: (object["status"] ?? .null).jsonString())
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Deletes the experiment (absent is fine) and waits until it is gone — with Chaos Mesh's finalizer, that is
    /// once every record is recovered.
    public func delete(_ env: FaultEnvironment, timeout: Duration = .seconds(30)) async throws {
        do {
            _ = try await env.client.delete(.networkChaos, namespace: env.namespace, name: name)
        } catch let status as APIStatus where status.code == 404 {
            return
        }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            do {
                _ = try await env.client.get(.networkChaos, namespace: env.namespace, name: name)
            } catch let status as APIStatus where status.code == 404 {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FaultError(.unexpectedObject, "NetworkChaos \(name) was not removed within \(timeout)")
    }

    /// Why the experiment still degrades the network (it exists with an injected record), or `nil`.
    public func stillInjected(_ env: FaultEnvironment) async throws -> String? {
        let object: JSONValue
        do {
            object = try await env.client.get(.networkChaos, namespace: env.namespace, name: name)
        } catch let status as APIStatus where status.code == 404 {
            return nil
        }
        return Self.noneInjected(object) ? nil : "NetworkChaos \(name) is still injected"
    }
}
