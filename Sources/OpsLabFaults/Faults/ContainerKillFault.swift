import Foundation
import OpsLabCore
import OpsLabKube

/// `container_kill`: a Chaos Mesh PodChaos with action container-kill on one container of a service, as
/// AIOpsLab's experiment `container-kill` (geo, container `hotel-reserv-geo`).
///
/// Symptom: the container's process is killed (SIGKILL); the kubelet restarts it at once — restart count +1,
/// last state Terminated with reason Error and exit code 137 — and requests in flight fail. One-shot: recover only
/// deletes the experiment; the restart count and last state stay, as Kubernetes keeps them.
public struct ContainerKillFault: Fault {
    /// The `io.kompose.service` label of the target, e.g. `geo`.
    public var service: String
    /// The container to kill, e.g. `hotel-reserv-geo`.
    public var container: String
    /// The experiment.
    public var experiment: PodChaosExperiment

    /// Creates the fault; AIOpsLab names the experiment `container-kill` with a (for a one-shot, ignored) 200 s.
    public init(
        service: String, container: String, experimentName: String = "container-kill", duration: String = "200s"
    ) {
        self.service = service
        self.container = container
        self.experiment = PodChaosExperiment(
            name: experimentName, action: "container-kill", service: service, duration: duration,
            containerNames: [container])
    }

    /// `container_kill/<svc>`.
    public var name: String { "container_kill/\(service)" }

    /// Applies the PodChaos and waits until the killed container runs again.
    public func inject(_ env: FaultEnvironment) async throws {
        let before = Dictionary(uniqueKeysWithValues: try await env.pods(of: service).map { ($0.name, restarts($0)) })
        try await experiment.apply(env)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let pods = try await env.pods(of: service)
            let restarted = pods.contains { pod in
                restarts(pod) > (before[pod.name] ?? 0) && status(of: pod)?[path: ["state", "running"]] != nil
            }
            if restarted { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FaultError(.unexpectedObject, "container \(container) of \(service) did not restart after the kill")
    }

    /// Deletes the PodChaos (there is nothing else to undo).
    public func recover(_ env: FaultEnvironment) async throws {
        try await experiment.delete(env)
    }

    /// `<svc>`, Virtualization, Operation Error.
    ///
    /// Nothing in the application or its configuration is wrong: its container was killed from outside, through
    /// the container runtime (exit 137, SIGKILL), an operation at the virtualization layer.
    public func groundTruth() -> GroundTruth {
        GroundTruth(faultyComponents: [service], systemLevel: .virtualization, faultType: .operationError)
    }

    /// All healthy (the killed container is back and has not restarted within the restart window).
    public func mitigated(_ env: FaultEnvironment) async throws -> MitigationVerdict {
        try await AppHealth.check(env)
    }

    private func status(of pod: JSONValue) -> JSONValue? {
        pod[path: ["status", "containerStatuses"]]?.arrayValue?.first { $0["name"]?.stringValue == container }
    }

    private func restarts(_ pod: JSONValue) -> Int64 {
        status(of: pod)?["restartCount"]?.intValue ?? 0
    }
}
