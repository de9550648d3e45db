import Foundation
import Logging
import OpsLabApps
import OpsLabCluster
import OpsLabCore
import OpsLabFaults
import OpsLabKube
import OpsLabTelemetry
import OpsLabWorkload

/// One episode's live system: an embedded cluster in this process, the app, a background workload and the fault.
///
/// `stop()` always ends the workload and the cluster (every pod process) and removes a temporary state directory.
final class SessionEnvironment: Sendable {
    let client: KubeClient
    let faultEnvironment: FaultEnvironment
    let clusterAddresses: [String]
    /// The workload policy in effect and what the wait after injection saw.
    let workload: WorkloadRecord
    private let clusterTask: Task<Void, any Error>
    private let workloadTask: Task<Void, Never>?
    private let stateDirectory: String
    private let removeState: Bool

    private init(
        client: KubeClient, faultEnvironment: FaultEnvironment, clusterAddresses: [String], workload: WorkloadRecord,
        clusterTask: Task<Void, any Error>, workloadTask: Task<Void, Never>?, stateDirectory: String,
        removeState: Bool
    ) {
        self.client = client
        self.faultEnvironment = faultEnvironment
        self.clusterAddresses = clusterAddresses
        self.workload = workload
        self.clusterTask = clusterTask
        self.workloadTask = workloadTask
        self.stateDirectory = stateDirectory
        self.removeState = removeState
    }

    /// Starts the cluster and waits for its API server; the app, workload and fault come after.
    static func startCluster(
        _ configuration: OrchestratorConfiguration, sessionID: String
    ) async throws -> (KubeClient, Task<Void, any Error>, String, Bool) {
        let directory =
            configuration.stateDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("opslab-session-\(sessionID)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var catalog = ImageCatalog()
        for (image, role) in Roles.images { catalog.register(image, role: role) }
        var clusterConfiguration = ClusterConfiguration(
            stateDirectory: directory, block: ClusterBlock.choose(stateDirectory: directory, apiPort: 6443),
            executablePath: configuration.executablePath, defaultGracePeriodSeconds: 5)
        clusterConfiguration.chaosSeed = configuration.seed
        var logger = Logger(label: "opslab.session.cluster")
        logger.logLevel = .error
        let stack = try observabilityStack(
            kubeconfigPath: clusterConfiguration.kubeconfigPath, scrapeInterval: configuration.scrapeInterval)
        let cluster = EmbeddedCluster(
            configuration: clusterConfiguration, catalog: catalog, logger: logger, addons: stack.map { [$0] } ?? [])
        let task = Task { try await cluster.run() }
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let kubeconfig = try? Kubeconfig.load(path: clusterConfiguration.kubeconfigPath),
                let transport = try? HTTPSTransport(kubeconfig: kubeconfig),
                let answer = try? await transport.send(KubeRequest(method: "GET", path: "/version")),
                answer.status == 200
            {
                if let stack {
                    do {
                        _ = try await stack.waitUntilReady(timeout: .seconds(30))
                    } catch {
                        task.cancel()
                        _ = await task.result
                        throw OrchestratorError.setupFailed("the observability stack did not start: \(error)")
                    }
                }
                return (KubeClient(transport: transport), task, directory, configuration.stateDirectory == nil)
            }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                break
            }
        }
        task.cancel()
        _ = await task.result
        throw OrchestratorError.setupFailed("the embedded API server did not answer within 30 s")
    }

    /// The session's observability stack (Prometheus and Jaeger served by the control plane), or `nil` when
    /// `OPSLAB_TELEMETRY=off`. Sessions scrape every `scrapeInterval`, else `OPSLAB_SCRAPE_INTERVAL`, else 2 s,
    /// so the first minute of a fault already has a few dozen samples.
    static func observabilityStack(kubeconfigPath: String, scrapeInterval: Duration?) throws -> ObservabilityStack? {
        let environment = ProcessInfo.processInfo.environment
        var telemetry: ObservabilityConfiguration
        do {
            telemetry = try ObservabilityConfiguration.fromEnvironment(environment)
        } catch {
            throw OrchestratorError.setupFailed("\(error)")
        }
        guard telemetry.enabled else { return nil }
        if let scrapeInterval {
            telemetry.scrapeInterval = scrapeInterval
        } else if environment["OPSLAB_SCRAPE_INTERVAL"] == nil {
            telemetry.scrapeInterval = .seconds(2)
        }
        var logger = Logger(label: "opslab.session.telemetry")
        logger.logLevel = .error
        return ObservabilityStack(kubeconfigPath: kubeconfigPath, configuration: telemetry, logger: logger)
    }

    /// Starts everything for `problem`; on any failure, what was started is stopped before rethrowing.
    static func start(
        _ problem: SessionProblem, configuration: OrchestratorConfiguration, sessionID: String
    ) async throws -> SessionEnvironment {
        let say = configuration.progress ?? { _ in }
        let started = ContinuousClock.now
        let (client, clusterTask, directory, removeState) = try await startCluster(configuration, sessionID: sessionID)
        say("cluster up (\(seconds(since: started)))")
        let env = FaultEnvironment(client: client, namespace: problem.app.namespace)
        var workloadTask: Task<Void, Never>?
        do {
            let deployer = AppDeployer(client: client)
            _ = try await deployer.apply(problem.app)
            _ = try await deployer.waitUntilReady(problem.app, timeout: configuration.readyTimeout)
            say("\(problem.app.name) deployed and Ready (\(seconds(since: started)))")
            let service = try await client.get(
                .services, namespace: problem.app.namespace, name: problem.app.entryService)
            let address = service[path: ["spec", "clusterIP"]]?.stringValue ?? "127.0.0.1"
            let policy = configuration.workloadPolicy(for: problem.id)
            let monitor = WorkloadMonitor()
            if policy.rate > 0 {
                workloadTask = startWorkload(
                    url: "http://\(address):\(problem.app.entryPort)", policy: policy, seed: configuration.seed,
                    monitor: monitor)
            }
            say("workload: \(policy.summary)")
            if policy.rate > 0, policy.warmUp > .zero { try await Task.sleep(for: policy.warmUp) }
            try await problem.fault.inject(env)
            say("problem set up (\(seconds(since: started)))")
            let record = try await waitForSymptoms(policy, env: env, monitor: monitor, say: say)
            let addresses = try await serviceAddresses(client)
            return SessionEnvironment(
                client: client, faultEnvironment: env, clusterAddresses: addresses, workload: record,
                clusterTask: clusterTask,
                workloadTask: workloadTask, stateDirectory: directory, removeState: removeState)
        } catch {
            workloadTask?.cancel()
            _ = await workloadTask?.value
            clusterTask.cancel()
            _ = await clusterTask.result
            if removeState { try? FileManager.default.removeItem(atPath: directory) }
            throw error
        }
    }

    /// Stops the workload and the cluster and waits for both; removes a temporary state directory.
    func stop() async {
        workloadTask?.cancel()
        _ = await workloadTask?.value
        clusterTask.cancel()
        _ = await clusterTask.result
        if removeState { try? FileManager.default.removeItem(atPath: stateDirectory) }
    }

    private static func startWorkload(
        url: String, policy: WorkloadPolicy, seed: UInt64, monitor: WorkloadMonitor
    ) -> Task<Void, Never> {
        let load = LoadConfiguration(
            url: url, rate: policy.rate, duration: .seconds(24 * 3600), connections: policy.connections, threads: 1,
            distribution: policy.distribution, timeout: .seconds(2), seed: seed)
        var logger = Logger(label: "opslab.session.workload")
        logger.logLevel = .error
        let generator = LoadGenerator(configuration: load, source: HotelReservationWorkload(), logger: logger)
        return Task { _ = try? await generator.run(progress: { monitor.update($0) }) }
    }

    private static func serviceAddresses(_ client: KubeClient) async throws -> [String] {
        let list = try await client.list(.services, namespace: nil)
        return (list["items"]?.arrayValue ?? []).compactMap { $0[path: ["spec", "clusterIP"]]?.stringValue }
            .filter { $0 != "None" && !$0.isEmpty }
    }

    static func seconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        let value = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return String(format: "%.1f s", value)
    }
}
