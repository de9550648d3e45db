import Foundation
import OpsLabCore
import OpsLabKube

/// `pod_failure` (and AIOpsLab's `pod_kill`, which is the same pod-failure for 100 s): a Chaos Mesh PodChaos with
/// action pod-failure on one pod of a service.
///
/// Symptom: the pod's containers restart with the pause image; the pod stays Running (and Ready, having no
/// probes) but nothing listens on its ports, so its Service refuses every call until the experiment ends
/// (`duration`) or is deleted, or the pod is replaced. Recover deletes the experiment and waits until the pods
/// run their own images again.
///
/// Inject → recover leaves every object as it was except what Kubernetes itself changes: the containers'
/// `restartCount`, `lastState` and container ids (two restarts: to the pause image and back), and the pod's name
/// when a mitigation replaced the pod.
public struct PodFailureFault: Fault {
    /// The `io.kompose.service` label of the target, e.g. `user`.
    public var service: String
    /// The experiment: `pod-failure-experiment`, or `pod-kill` for AIOpsLab's pod_kill problems.
    public var experiment: PodChaosExperiment
    /// The family name used in ``name``, e.g. `pod_failure`.
    public var family: String

    /// Creates the fault; AIOpsLab's pod_failure uses `pod-failure-experiment`, its pod_kill `pod-kill`, both 100 s.
    public init(
        service: String, experimentName: String = "pod-failure-experiment", duration: String = "100s",
        family: String = "pod_failure"
    ) {
        self.service = service
        self.family = family
        self.experiment = PodChaosExperiment(
            name: experimentName, action: "pod-failure", service: service, duration: duration)
    }

    /// `<family>/<svc>`, e.g. `pod_failure/user`.
    public var name: String { "\(family)/\(service)" }

    /// Applies the PodChaos and waits until the target runs the pause image.
    public func inject(_ env: FaultEnvironment) async throws {
        try await experiment.apply(env)
        try await waitForPods(env, timeout: .seconds(30), description: "the pause image") { pods in
            pods.contains { !Self.pauseContainers(of: $0).isEmpty && Self.allRunning($0) }
        }
    }

    /// Deletes the PodChaos and waits until every pod of the service runs its own images again, running and ready.
    public func recover(_ env: FaultEnvironment) async throws {
        try await experiment.delete(env)
        try await waitForPods(env, timeout: .seconds(60), description: "their own images") { pods in
            pods.allSatisfy { Self.pauseContainers(of: $0).isEmpty && Self.allReady($0) }
        }
    }

    /// `<svc>`, Virtualization, Misconfiguration.
    ///
    /// The fault lives in a Kubernetes object: the Pod's spec names the wrong image (the pause image) while its
    /// Deployment's template is right — a wrong value in a Pod, as a wrong targetPort is in a Service
    /// (Virtualization / Misconfiguration), not a defect of the application or its data.
    public func groundTruth() -> GroundTruth {
        GroundTruth(faultyComponents: [service], systemLevel: .virtualization, faultType: .misconfiguration)
    }

    /// All healthy, and no pod of the service runs the pause image.
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        let health = try await AppHealth.check(env)
        let pods = try await env.pods(of: service).filter { !$0.isTerminating }
        var reasons: [String] = []
        for pod in pods.sorted(by: { $0.name < $1.name }) {
            for container in Self.pauseContainers(of: pod) {
                reasons.append("pod \(pod.name) container \(container) runs the pause image")
            }
        }
        return health.combined(with: MitigationVerdict(reasons: reasons))
    }

    /// Containers of a pod whose spec or running image is a pause image.
    public static func pauseContainers(of pod: JSONValue) -> [String] {
        var names: [String] = []
        for container in pod[path: ["spec", "containers"]]?.arrayValue ?? [] {
            if isPauseImage(container["image"]?.stringValue ?? "") {
                names.append(container["name"]?.stringValue ?? "")
            }
        }
        for status in pod[path: ["status", "containerStatuses"]]?.arrayValue ?? [] {
            let name = status["name"]?.stringValue ?? ""
            if isPauseImage(status["image"]?.stringValue ?? ""), !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Whether an image reference names a `pause` image (any registry, any tag).
    public static func isPauseImage(_ image: String) -> Bool {
        let last = image.split(separator: "/").last.map(String.init) ?? image
        return last.split(separator: ":").first == "pause" || last.split(separator: "@").first == "pause"
    }

    static func allRunning(_ pod: JSONValue) -> Bool {
        let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
        return !statuses.isEmpty && statuses.allSatisfy { $0[path: ["state", "running"]] != nil }
    }

    static func allReady(_ pod: JSONValue) -> Bool {
        let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
        return !statuses.isEmpty && statuses.allSatisfy { $0["ready"]?.boolValue == true }
    }

    private func waitForPods(
        _ env: FaultEnvironment, timeout: Duration, description: String, _ done: ([JSONValue]) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let pods = try await env.pods(of: service).filter { !$0.isTerminating }
            if !pods.isEmpty, done(pods) { return }
            if ContinuousClock.now >= deadline {
                throw FaultError(
                    .unexpectedObject, "the pods of \(service) did not run \(description) within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
