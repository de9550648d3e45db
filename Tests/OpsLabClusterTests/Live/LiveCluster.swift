import Foundation
import Logging
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import ServiceLifecycle
import Testing

/// An embedded cluster started inside the test process, with a temporary state directory.
///
/// Pods run the real `opslab` binary from `.build/debug`; tests that need it are skipped with a message when
/// it has not been built (`swift build` first).
final class LiveCluster: Sendable {
    let configuration: ClusterConfiguration
    let client: KubeClient
    let kubectl: Kubectl
    let task: Task<Void, any Error>

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var binaryPath: String? {
        let candidates = [".build/debug/opslab", ".build/x86_64-unknown-linux-gnu/debug/opslab"]
        return candidates.map { packageRoot.appendingPathComponent($0).path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts a cluster and waits until its API server answers; `catalog` maps images to roles.
    static func start(catalog: ImageCatalog = ImageCatalog()) async throws -> LiveCluster {
        guard let binary = binaryPath else {
            throw LiveClusterError("the opslab binary is not built; run `swift build` first")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("opslab-test-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let block = ClusterBlock.choose(stateDirectory: directory, apiPort: 6443)
        let configuration = ClusterConfiguration(
            stateDirectory: directory, block: block, executablePath: binary, defaultGracePeriodSeconds: 5)
        var logger = Logger(label: "test.cluster")
        logger.logLevel = .warning
        let cluster = EmbeddedCluster(configuration: configuration, catalog: catalog, logger: logger)
        let task = Task { try await cluster.run() }
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let kubeconfig = try? Kubeconfig.load(path: configuration.kubeconfigPath),
                let transport = try? HTTPSTransport(kubeconfig: kubeconfig),
                let response = try? await transport.send(KubeRequest(method: "GET", path: "/version")),
                response.status == 200
            {
                let client = KubeClient(transport: transport)
                return LiveCluster(configuration: configuration, client: client, task: task)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        task.cancel()
        throw LiveClusterError("the API server did not come up within 30 s")
    }

    private init(configuration: ClusterConfiguration, client: KubeClient, task: Task<Void, any Error>) {
        self.configuration = configuration
        self.client = client
        self.kubectl = Kubectl(client: client)
        self.task = task
    }

    /// Runs the built-in kubectl.
    func run(_ arguments: String..., stdin: String? = nil) async -> KubectlResult {
        await kubectl.run(arguments, stdin: stdin.map { Data($0.utf8) })
    }

    /// Stops the cluster and removes the state directory.
    func stop() async {
        task.cancel()
        _ = await task.result
        try? FileManager.default.removeItem(atPath: configuration.stateDirectory)
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` pass.
    func eventually(
        _ seconds: Double = 20, _ what: String, _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LiveClusterError("timed out after \(seconds)s waiting for: \(what)")
    }

    /// The pods of a namespace as JSON.
    func pods(_ namespace: String = "default", selector: String? = nil) async throws -> [JSONValue] {
        try await client.list(.pods, namespace: namespace, labelSelector: selector)["items"]?.arrayValue ?? []
    }
}

struct LiveClusterError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Whether a pod is Running with every container ready.
func isRunningAndReady(_ pod: JSONValue) -> Bool {
    guard pod[path: ["status", "phase"]]?.stringValue == "Running" else { return false }
    let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
    return !statuses.isEmpty && statuses.allSatisfy { $0["ready"]?.boolValue == true }
}
