import Foundation
import Logging
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import OpsLabTelemetry

/// An embedded cluster with the observability stack as its add-on, in a temporary state directory (the pattern
/// of `Tests/OpsLabClusterTests/Live/LiveCluster.swift`, with the stack added).
///
/// Pods run the real `opslab` binary from `.build/debug`; tests skip with a message when it is not built.
final class StackLiveCluster: Sendable {
    let configuration: ClusterConfiguration
    let stack: ObservabilityStack
    let client: KubeClient
    let kubectl: Kubectl
    let endpoints: ObservabilityEndpoints
    let task: Task<Void, any Error>

    static var binaryPath: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [".build/debug/opslab", ".build/x86_64-unknown-linux-gnu/debug/opslab"]
        return candidates.map { root.appendingPathComponent($0).path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts the cluster and stack and waits until the stack has published its Services.
    static func start(scrapeInterval: Duration = .seconds(1)) async throws -> StackLiveCluster {
        guard let binary = binaryPath else {
            throw StackTestError("the opslab binary is not built; run `swift build` first")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("opslab-telemetry-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let block = ClusterBlock.choose(stateDirectory: directory, apiPort: 6443)
        let configuration = ClusterConfiguration(
            stateDirectory: directory, block: block, executablePath: binary, defaultGracePeriodSeconds: 5)
        var logger = Logger(label: "test.telemetry")
        logger.logLevel = .warning
        let stack = ObservabilityStack(
            kubeconfigPath: configuration.kubeconfigPath,
            configuration: ObservabilityConfiguration(
                scrapeInterval: scrapeInterval, reconcileInterval: .milliseconds(500)),
            logger: logger)
        let cluster = EmbeddedCluster(configuration: configuration, logger: logger, addons: [stack])
        let task = Task { try await cluster.run() }
        do {
            let endpoints = try await stack.waitUntilReady(timeout: .seconds(30))
            let transport = try HTTPSTransport(kubeconfig: try Kubeconfig.load(path: configuration.kubeconfigPath))
            return StackLiveCluster(
                configuration: configuration, stack: stack, client: KubeClient(transport: transport),
                endpoints: endpoints, task: task)
        } catch {
            task.cancel()
            _ = await task.result
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    private init(
        configuration: ClusterConfiguration, stack: ObservabilityStack, client: KubeClient,
        endpoints: ObservabilityEndpoints, task: Task<Void, any Error>
    ) {
        self.configuration = configuration
        self.stack = stack
        self.client = client
        self.kubectl = Kubectl(client: client)
        self.endpoints = endpoints
        self.task = task
    }

    /// Runs the built-in kubectl.
    func run(_ arguments: String..., stdin: String? = nil) async -> KubectlResult {
        await kubectl.run(arguments, stdin: stdin.map { Data($0.utf8) })
    }

    /// Stops the cluster (and the stack with it) and removes the state directory.
    func stop() async {
        task.cancel()
        _ = await task.result
        try? FileManager.default.removeItem(atPath: configuration.stateDirectory)
    }

    /// A plain HTTP request to `url` (`http://host:port/path?query`).
    static func http(
        _ method: String, _ url: String, body: String? = nil, contentType: String? = nil
    ) async throws -> (status: Int, body: String) {
        guard let access = DiscoveredTarget.access(forURL: url), case .direct(_, let address, let path) = access else {
            throw StackTestError("bad URL \(url)")
        }
        let transport = try HTTPSTransport(
            server: "http://\(address)", caPEM: nil, token: nil, requestTimeout: .seconds(10))
        var headers: [(String, String)] = []
        if let contentType { headers.append(("Content-Type", contentType)) }
        let response = try await transport.send(
            KubeRequest(method: method, path: path, headers: headers, body: body.map { Data($0.utf8) }))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    /// Polls `condition` every 200 ms until it holds or `seconds` pass.
    func eventually(_ seconds: Double, _ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var lastError = ""
        while ContinuousClock.now < deadline {
            do {
                if try await condition() { return }
            } catch {
                lastError = " (last error: \(error))"
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw StackTestError("timed out after \(seconds)s waiting for: \(what)\(lastError)")
    }
}

struct StackTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
