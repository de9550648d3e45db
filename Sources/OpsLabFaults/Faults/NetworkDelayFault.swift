import Foundation
import OpsLabCore
import OpsLabKube

/// `network_delay`: a Chaos Mesh NetworkChaos with action delay on one pod of a service, as AIOpsLab writes it
/// (experiment `delay`, latency 10 s, correlation 100, jitter 0 ms, mode one, 200 s).
///
/// Symptom: everything the pod sends through a Service — its answers to callers above all — arrives 10 s late,
/// so callers with shorter timeouts (HotelReservation's frontend gives up after 5 s) fail and the rest are slow.
/// Pods, logs of the target and Kubernetes objects other than the NetworkChaos stay as they were. Recover
/// deletes the experiment.
public struct NetworkDelayFault: NetworkChaosFault {
    /// The `io.kompose.service` label of the target, e.g. `user`.
    public var service: String
    /// The experiment.
    public var experiment: NetworkChaosExperiment

    /// Creates the fault with AIOpsLab's parameters (smaller `latency`/`duration` for tests).
    public init(service: String, latency: String = "10s", duration: String = "200s") {
        self.service = service
        self.experiment = .aiopsLabDelay(service: service, latency: latency, duration: duration)
    }

    /// `network_delay/<svc>`.
    public var name: String { "network_delay/\(service)" }
}
