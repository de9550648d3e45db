import Foundation

/// Everything that fixes how one embedded cluster runs. Every knob has a CLI flag on `opslab cluster up`.
public struct ClusterConfiguration: Sendable {
    /// The state directory: kubeconfig, certificates, pod logs, the journal and the pid file.
    public var stateDirectory: String
    /// The second octet of the cluster's loopback block: the API server listens on `127.<block>.0.1`,
    /// Services get `127.<block>.0.x`, pods `127.<block>.<1…254>.x`.
    public var block: UInt8
    /// The API server's port.
    public var apiPort: Int
    /// Node names; the first is the control-plane node (tainted `node-role.kubernetes.io/control-plane:NoSchedule`).
    public var nodeNames: [String]
    /// The `opslab` executable the kubelet starts for every container.
    public var executablePath: String
    /// The Kubernetes version the cluster reports.
    public var kubernetesVersion: String
    /// Grace period applied when a pod does not set `terminationGracePeriodSeconds`.
    public var defaultGracePeriodSeconds: Int
    /// Seeds the chaos controller's target choice (`mode: one`, `fixed`, the percent modes), so an experiment
    /// picks the same pods in a re-run.
    public var chaosSeed: UInt64 = 0

    /// Creates a configuration.
    public init(
        stateDirectory: String, block: UInt8, apiPort: Int = 6443,
        nodeNames: [String] = ["opslab-control-plane", "opslab-worker"], executablePath: String,
        kubernetesVersion: String = "v1.32.1", defaultGracePeriodSeconds: Int = 30
    ) {
        self.stateDirectory = stateDirectory
        self.block = block
        self.apiPort = apiPort
        self.nodeNames = nodeNames
        self.executablePath = executablePath
        self.kubernetesVersion = kubernetesVersion
        self.defaultGracePeriodSeconds = defaultGracePeriodSeconds
    }

    /// `127.<block>.0.1`, the API server's address.
    public var apiAddress: String { "127.\(block).0.1" }

    /// `https://127.<block>.0.1:<port>`.
    public var serverURL: String { "https://\(apiAddress):\(apiPort)" }

    /// A node's InternalIP: `127.<block>.255.<index+1>` (the API server's address for unknown nodes).
    public func nodeAddress(_ node: String) -> String {
        guard let index = nodeNames.firstIndex(of: node) else { return apiAddress }
        return "127.\(block).255.\(index + 1)"
    }

    /// The control-plane node's name.
    public var controlPlaneNode: String { nodeNames[0] }

    /// `<state>/kubeconfig`.
    public var kubeconfigPath: String { stateDirectory + "/kubeconfig" }
    /// `<state>/logs`: one folder per pod with the logs of its containers.
    public var logsDirectory: String { stateDirectory + "/logs" }
    /// `<state>/records`: the object journal and the cluster's own log.
    public var recordsDirectory: String { stateDirectory + "/records" }
    /// `<state>/pki`: CA and server certificate.
    public var pkiDirectory: String { stateDirectory + "/pki" }
    /// `<state>/cluster.pid`: the pid of the process running the cluster.
    public var pidFilePath: String { stateDirectory + "/cluster.pid" }
    /// `<state>/pods.pids`: one line per running container process, for reaping after a crash.
    public var podPidsPath: String { stateDirectory + "/pods.pids" }
    /// `<state>/services.json`: Service name → ClusterIP, read by pods to reach Services by name.
    public var servicesFilePath: String { stateDirectory + "/services.json" }
}
