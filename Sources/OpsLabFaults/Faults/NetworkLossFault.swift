import Foundation
import OpsLabCore
import OpsLabKube

/// `network_loss`: a Chaos Mesh NetworkChaos with action loss on one pod of a service, as AIOpsLab writes it
/// (experiment `loss`, 99 % with correlation 100, mode one, 200 s, the namespace named in the selector).
///
/// Symptom: almost every segment the pod sends is lost and retransmitted with exponential backoff, so calls to
/// the service hang until their callers time out (HotelReservation's frontend after 5 s). Recover deletes the
/// experiment.
public struct NetworkLossFault: NetworkChaosFault {
    /// The `io.kompose.service` label of the target, e.g. `user`.
    public var service: String
    /// The experiment.
    public var experiment: NetworkChaosExperiment

    /// Creates the fault with AIOpsLab's parameters (other `loss`/`duration` for tests).
    public init(service: String, loss: String = "99", duration: String = "200s") {
        self.service = service
        self.experiment = .aiopsLabLoss(service: service, loss: loss, duration: duration)
    }

    /// `network_loss/<svc>`.
    public var name: String { "network_loss/\(service)" }
}
