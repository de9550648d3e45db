import Foundation
import Logging
import OpsLabApps
import OpsLabCluster
import OpsLabCore
import OpsLabFaults
import OpsLabKube
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An embedded cluster in the test process with HotelReservation's images registered.
final class FaultTestCluster: Sendable {
    let stateDirectory: String
    let client: KubeClient
    let task: Task<Void, any Error>

    static var opslabBinary: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return [".build/debug/opslab", ".build/x86_64-unknown-linux-gnu/debug/opslab"]
            .map { root.appendingPathComponent($0).path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func start() async throws -> FaultTestCluster {
        guard let binary = opslabBinary else { throw TestFailure("the opslab binary is not built") }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("opslab-faults-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var catalog = ImageCatalog()
        for (image, role) in Roles.images { catalog.register(image, role: role) }
        let configuration = ClusterConfiguration(
            stateDirectory: directory, block: ClusterBlock.choose(stateDirectory: directory, apiPort: 6443),
            executablePath: binary, defaultGracePeriodSeconds: 5)
        var logger = Logger(label: "test.faults.cluster")
        logger.logLevel = .warning
        let cluster = EmbeddedCluster(configuration: configuration, catalog: catalog, logger: logger)
        let task = Task { try await cluster.run() }
        for _ in 0..<300 {
            if let config = try? Kubeconfig.load(path: configuration.kubeconfigPath),
                let transport = try? HTTPSTransport(kubeconfig: config),
                let answer = try? await transport.send(KubeRequest(method: "GET", path: "/version")),
                answer.status == 200
            {
                return FaultTestCluster(directory: directory, client: KubeClient(transport: transport), task: task)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        task.cancel()
        _ = await task.result
        throw TestFailure("the API server did not answer within 30 s")
    }

    private init(directory: String, client: KubeClient, task: Task<Void, any Error>) {
        self.stateDirectory = directory
        self.client = client
        self.task = task
    }

    /// Starts a cluster, deploys HotelReservation, waits until `/hotels` answers 200 through the frontend
    /// Service, runs `body` with the fault environment and that URL, and always stops the cluster.
    /// Records an issue and returns when the opslab binary is not built.
    static func withHotelReservation(
        _ body: (FaultTestCluster, FaultEnvironment, _ hotelsURL: String) async throws -> Void
    ) async throws {
        guard opslabBinary != nil else {
            Issue.record("the opslab binary is not built; run `swift build` first")
            return
        }
        let cluster = try await start()
        do {
            let app = AppCatalog.hotelReservation
            let deployer = AppDeployer(client: cluster.client)
            _ = try await deployer.apply(app)
            _ = try await deployer.waitUntilReady(app, timeout: .seconds(45))
            let env = FaultEnvironment(client: cluster.client, namespace: app.namespace)
            let frontend = try await cluster.client.get(.services, namespace: env.namespace, name: "frontend")
            let ip = try #require(frontend[path: ["spec", "clusterIP"]]?.stringValue)
            let url = "http://\(ip):5000/hotels?inDate=2015-04-09&outDate=2015-04-10&lat=37.7867&lon=-122.4112"
            try await waitFor(15, "/hotels answers 200") { await httpStatus(url) == 200 }
            try await body(cluster, env, url)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 200 ms until it holds; throws after `seconds`.
func waitFor(_ seconds: Double, _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return }
        try await Task.sleep(for: .milliseconds(200))
    }
    throw TestFailure("timed out after \(seconds) s waiting for: \(what)")
}

/// The HTTP status of a GET, or `nil` when the request fails.
func httpStatus(_ url: String) async -> Int? {
    guard let url = URL(string: url) else { return nil }
    var request = URLRequest(url: url)
    request.timeoutInterval = 3
    guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
    return (response as? HTTPURLResponse)?.statusCode
}
