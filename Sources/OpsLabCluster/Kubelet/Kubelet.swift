import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import ServiceLifecycle

/// The node agent of the embedded cluster: runs every bound pod's containers as real processes of the
/// `opslab` binary, reports their status, probes them, restarts them with back-off and stops them on deletion.
///
/// One kubelet serves every node of the cluster; events carry the pod's node as `source.host`. Cancelling
/// ``run()`` stops every container (SIGTERM to its process group, SIGKILL after the grace period).
public struct Kubelet: Service {
    /// The cluster's shared context.
    public let context: ClusterContext
    /// Which images the kubelet can "pull" (built-in roles).
    public let catalog: ImageCatalog

    /// Creates a kubelet.
    public init(context: ClusterContext, catalog: ImageCatalog) {
        self.context = context
        self.catalog = catalog
    }

    /// Watches pods and runs the bound ones until cancelled (or until the store closes its watches).
    public func run() async throws {
        let logger = Logger(label: "opslab.kubelet")
        let pids = PodPidTable(path: context.configuration.podPidsPath)
        let stream = try await context.store.watch(.pods, namespace: nil, since: nil)
        logger.debug("kubelet started", metadata: ["nodes": "\(context.configuration.nodeNames)"])
        await withTaskGroup(of: Void.self) { group in
            var workers: [String: PodWorker] = [:]
            for await event in stream {
                let pod = event.object
                let uid = pod.uid
                switch event.kind {
                case .added, .modified:
                    if let worker = workers[uid] {
                        await worker.update(pod)
                        continue
                    }
                    guard let node = pod[path: ["spec", "nodeName"]]?.stringValue, await serves(node: node),
                        !Self.isFinal(pod)
                    else { continue }
                    let worker = PodWorker(
                        pod: pod, node: node, context: context, catalog: catalog, pids: pids, logger: logger
                    )
                    workers[uid] = worker
                    group.addTask { await worker.run() }
                case .deleted:
                    if let worker = workers.removeValue(forKey: uid) { await worker.removedFromStore() }
                }
            }
            group.cancelAll()
        }
        logger.debug("kubelet stopped")
    }

    /// Whether this kubelet runs pods bound to `node`.
    private func serves(node: String) async -> Bool {
        if context.configuration.nodeNames.contains(node) { return true }
        return await context.store.find(.nodes, namespace: nil, name: node) != nil
    }

    /// A pod that already finished (a previous kubelet saw it through).
    private static func isFinal(_ pod: JSONValue) -> Bool {
        let phase = pod[path: ["status", "phase"]]?.stringValue
        return phase == "Succeeded" || phase == "Failed"
    }

    /// Where a container instance's log lives: `<logs>/<ns>_<pod>_<uid>/<container>/<restart>.log`.
    public static func logPath(
        configuration: ClusterConfiguration, namespace: String, pod: String, uid: String, container: String,
        restart: Int
    ) -> String {
        "\(configuration.logsDirectory)/\(namespace)_\(pod)_\(uid)/\(container)/\(restart).log"
    }

    /// Kills container process groups left behind by a cluster that crashed (listed in `pods.pids`), after
    /// checking each is still an `opslab … pod …` process. Returns how many were killed; removes the file.
    @discardableResult
    public static func reapOrphans(configuration: ClusterConfiguration) -> Int {
        PodPidTable.reap(path: configuration.podPidsPath)
    }
}
