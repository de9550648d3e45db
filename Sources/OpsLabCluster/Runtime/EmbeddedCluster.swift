import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import ServiceLifecycle

/// A whole embedded cluster in this process: API server, controllers, scheduler, kubelet and service proxy.
///
/// `run()` prepares the state directory (certificates, token, kubeconfig), creates the nodes and the
/// standard namespaces, then runs every component until cancelled or gracefully shut down. Cancellation
/// stops every pod process before `run()` returns.
public struct EmbeddedCluster: Service {
    /// The configuration.
    public let configuration: ClusterConfiguration
    /// Images the kubelet can run.
    public let catalog: ImageCatalog
    let logger: Logger
    let onReady: @Sendable (ClusterConfiguration) -> Void
    let addons: [any Service]

    /// Creates a cluster.
    ///
    /// - Parameters:
    ///   - addons: control-plane add-ons (for example the observability stack) that run beside the
    ///     components and are cancelled with them. They reach the cluster through its API like any client,
    ///     so they must wait for the API server themselves.
    ///   - onReady: called once the API server accepts connections.
    public init(
        configuration: ClusterConfiguration, catalog: ImageCatalog = ImageCatalog(),
        logger: Logger = Logger(label: "opslab.cluster"),
        addons: [any Service] = [],
        onReady: @escaping @Sendable (ClusterConfiguration) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.catalog = catalog
        self.logger = logger
        self.addons = addons
        self.onReady = onReady
    }

    /// Runs the cluster until cancelled or a graceful shutdown.
    public func run() async throws {
        let manager = FileManager.default
        for directory in [
            configuration.stateDirectory, configuration.logsDirectory, configuration.recordsDirectory,
            configuration.pkiDirectory,
        ] {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let credentials = try ClusterCredentials.prepare(configuration)
        let store = ObjectStore(journalPath: configuration.recordsDirectory + "/journal.jsonl", logger: logger)
        let context = ClusterContext(store: store, configuration: configuration, logger: logger)
        try await bootstrap(context)
        let tls = try ServerTLS.makeServerContext(
            certificatePEM: credentials.serverCertificatePEM, privateKeyPEM: credentials.serverKeyPEM)
        let logReader = PodLogReader(configuration: configuration, now: context.now)
        let traffic = ProxyTrafficCounters()
        let impairments = ProxyImpairments(seed: configuration.chaosSeed)
        let podPidsPath = configuration.podPidsPath
        let containerStats = ContainerStatsCollector(
            configuration: .fromEnvironment(), processes: { PodPidTable.read(path: podPidsPath) }, now: context.now)
        let metrics = KubeletMetrics(stats: containerStats, traffic: traffic)
        let router = APIRouter(context: context, token: credentials.token, metrics: metrics) { query in
            let container = try query.resolvedContainer()
            return try logReader.read(
                namespace: query.namespace, pod: query.pod.name, uid: query.pod.uid, container: container,
                previous: query.previous, tailLines: query.tailLines, sinceSeconds: query.sinceSeconds,
                timestamps: query.timestamps, waitingReason: query.waitingReason(of: container))
        }
        let configuration = self.configuration
        let onReady = self.onReady
        let api = APIServer(context: context, router: router, tls: tls) { _ in onReady(configuration) }
        let services: [any Service] =
            [
                api,
                Scheduler(context: context),
                ReplicaSetController(context: context),
                DeploymentController(context: context),
                EndpointsController(context: context),
                GarbageCollector(context: context),
                NamespaceController(context: context),
                ServiceProxy(context: context, traffic: traffic, impairments: impairments),
                containerStats,
                ServiceAddressReleaser(context: context),
                ChaosController(
                    context: context, configuration: ChaosConfiguration(seed: configuration.chaosSeed),
                    impairments: impairments),
            ] + addons
        let kubelet = Kubelet(context: context, catalog: catalog)
        logger.info("cluster starting", metadata: ["server": "\(configuration.serverURL)"])
        defer {
            ClusterBlock.release(configuration.block)
            logger.info("cluster stopped")
        }
        do {
            try await runComponents(services: services, kubelet: kubelet)
        } catch is CancellationError {
            // A requested stop (Ctrl-C, SIGTERM, task cancellation) is a clean exit.
        }
        await store.closeWatches()
    }

    private func runComponents(services: [any Service], kubelet: Kubelet) async throws {
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The control plane and the kubelet are cancelled together; the kubelet stops every pod
                // process before its run() returns, so nothing outlives the cluster.
                group.addTask {
                    try await withThrowingDiscardingTaskGroup { control in
                        for service in services { control.addTask { try await service.run() } }
                    }
                }
                group.addTask { try await kubelet.run() }
                defer { group.cancelAll() }
                try await group.next()
            }
        }
    }

    /// Creates the nodes and the standard namespaces.
    func bootstrap(_ context: ClusterContext) async throws {
        let store = context.store
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            let namespace: JSONValue = [
                "apiVersion": "v1", "kind": "Namespace",
                "metadata": ["name": .string(name), "labels": ["kubernetes.io/metadata.name": .string(name)]],
                "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"],
            ]
            try await store.create(.namespaces, namespace)
        }
        let stamp = ObjectStore.timestamp(context.now())
        for (index, name) in configuration.nodeNames.enumerated() {
            var labels: [String: JSONValue] = [
                "kubernetes.io/hostname": .string(name), "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64",
            ]
            var spec: JSONValue = ["podCIDR": .string("127.\(configuration.block).0.0/16")]
            if index == 0 {
                labels["node-role.kubernetes.io/control-plane"] = ""
                spec["taints"] = [["key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"]]
            }
            let address = configuration.nodeAddress(name)
            let condition: (String, String, String, String) -> JSONValue = { type, status, reason, message in
                [
                    "type": .string(type), "status": .string(status), "reason": .string(reason),
                    "message": .string(message), "lastHeartbeatTime": .string(stamp),
                    "lastTransitionTime": .string(stamp),
                ]
            }
            let node: JSONValue = [
                "apiVersion": "v1", "kind": "Node",
                "metadata": ["name": .string(name), "labels": .object(labels)],
                "spec": spec,
                "status": [
                    "addresses": [
                        ["type": "InternalIP", "address": .string(address)],
                        ["type": "Hostname", "address": .string(name)],
                    ],
                    "allocatable": ["cpu": "2", "memory": "24Gi", "pods": "110"],
                    "capacity": ["cpu": "2", "memory": "24Gi", "pods": "110"],
                    "conditions": [
                        condition(
                            "MemoryPressure", "False", "KubeletHasSufficientMemory",
                            "kubelet has sufficient memory available"),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                        condition(
                            "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                    ],
                    "nodeInfo": [
                        "kubeletVersion": .string(configuration.kubernetesVersion),
                        "kubeProxyVersion": .string(configuration.kubernetesVersion),
                        "containerRuntimeVersion": "opslab://1.0.0", "operatingSystem": "linux",
                        "architecture": "amd64",
                        "osImage": "OpsLab embedded node", "kernelVersion": .string(Self.kernelVersion()),
                        "machineID": "", "systemUUID": "", "bootID": "",
                    ],
                ],
            ]
            try await store.create(.nodes, node)
        }
    }

    static func kernelVersion() -> String {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
