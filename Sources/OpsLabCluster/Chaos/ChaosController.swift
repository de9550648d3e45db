import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import ServiceLifecycle

/// The embedded cluster's Chaos Mesh: runs PodChaos experiments (pod-failure, container-kill, pod-kill) and
/// NetworkChaos experiments (delay, loss, corrupt, partition; in the service proxy through ``impairments``).
///
/// Like Chaos Mesh's controller-manager it adds the finalizer `chaos-mesh/records`, computes
/// `status.experiment.desiredPhase` (Run; Stop when the duration is up, when paused or when deleted), selects
/// the targets once into records, applies and recovers each record, keeps the conditions, and records Events
/// from the `finalizer`, `desiredphase` and `records` components with Chaos Mesh's reasons and messages.
///
/// An experiment that disappears from the store at once (an API server without finalizer support) is still
/// recovered, from its last state seen by the controller.
public struct ChaosController: Service {
    /// The cluster's shared context.
    public let context: ClusterContext
    /// The controller's settings.
    public let configuration: ChaosConfiguration
    /// The service proxy's impairment table, where NetworkChaos acts (pass the proxy's own).
    public let impairments: ProxyImpairments

    /// Creates the controller; `impairments` must be the ``ServiceProxy/impairments`` of the cluster's proxy for
    /// NetworkChaos to have an effect.
    public init(
        context: ClusterContext, configuration: ChaosConfiguration = ChaosConfiguration(),
        impairments: ProxyImpairments = ProxyImpairments()
    ) {
        self.context = context
        self.configuration = configuration
        self.impairments = impairments
    }

    /// Reconciles every PodChaos and NetworkChaos on each change and every ``ChaosConfiguration/resyncInterval``
    /// until cancelled.
    public func run() async throws {
        let pods = ChaosReconciler(context: context, configuration: configuration)
        let network = ChaosReconciler(
            context: context, configuration: configuration,
            kind: NetworkChaosKind(store: context.store, impairments: impairments))
        let loop = WorkloadReconcileLoop(
            store: context.store, types: [.podChaos, .networkChaos], resyncInterval: configuration.resyncInterval)
        await loop.run {
            await pods.pass()
            await network.pass()
        }
    }
}
