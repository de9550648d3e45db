import Foundation
import Logging
import OpsLabApps
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import OpsLabTelemetry
import OpsLabWorkload

/// One step of `opslab bench telemetry`: a fresh embedded cluster in one ``TelemetryBenchMode`` with
/// hotel-reservation deployed, a discarded warm-up, one measured open-loop run of the mixed workload, what the
/// telemetry did meanwhile, and a full teardown (every pod process, the temporary state directory).
struct TelemetryBenchTrial: Sendable {
    /// The knobs every trial of a run shares.
    struct Settings: Sendable {
        var warmUp: Duration
        var duration: Duration
        var connections: Int
        var threads: Int
        var seed: UInt64
        var scrapeInterval: Duration
        var readyTimeout: Duration = .seconds(120)
    }

    /// What one trial measured.
    struct Outcome: Sendable {
        var step: CapacityStep
        var telemetry: TelemetryBenchWork?
        /// CPU spent during the measured window.
        var cpu: TelemetryBenchCPU
        /// Seconds from the start of the cluster to the start of the warm-up.
        var setupSeconds: Double
    }

    var mode: TelemetryBenchMode
    var rate: Double
    var settings: Settings

    /// Runs the trial; the cluster is stopped and its directory removed whatever happens.
    func run() async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("opslab-bench-telemetry-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = ClusterConfiguration(
            stateDirectory: directory, block: ClusterBlock.choose(stateDirectory: directory, apiPort: 6443),
            executablePath: try ProcessControl.executablePath(), defaultGracePeriodSeconds: 5)
        var catalog = ImageCatalog()
        for (image, role) in Roles.images { catalog.register(image, role: role) }
        var logger = Logger(label: "opslab.bench.cluster")
        logger.logLevel = .critical
        let stack = mode.runsStack ? makeStack(kubeconfigPath: configuration.kubeconfigPath) : nil
        let cluster = EmbeddedCluster(
            configuration: configuration, catalog: catalog, logger: logger, addons: stack.map { [$0] } ?? [])
        let clusterTask = Task { try await cluster.run() }
        do {
            let outcome = try await measure(configuration, stack: stack)
            clusterTask.cancel()
            _ = await clusterTask.result
            return outcome
        } catch {
            clusterTask.cancel()
            _ = await clusterTask.result
            throw error
        }
    }

    private func makeStack(kubeconfigPath: String) -> ObservabilityStack {
        // Without periodic scraping the manager still scrapes once when it starts, before any load.
        let interval = mode.scrapes ? settings.scrapeInterval : .seconds(86_400)
        var logger = Logger(label: "opslab.bench.telemetry")
        logger.logLevel = .critical
        return ObservabilityStack(
            kubeconfigPath: kubeconfigPath,
            configuration: ObservabilityConfiguration(scrapeInterval: interval), logger: logger)
    }

    private func measure(_ configuration: ClusterConfiguration, stack: ObservabilityStack?) async throws -> Outcome {
        let started = ContinuousClock.now
        while !(await ClusterProbe.isReady(kubeconfigPath: configuration.kubeconfigPath)) {
            guard ContinuousClock.now - started < .seconds(30) else {
                throw TelemetryBenchError("the embedded API server did not answer within 30 s")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Pods find the collector through the Service list written at their start, so the stack comes first.
        if let stack { _ = try await stack.waitUntilReady(timeout: .seconds(30)) }
        let client = KubeClient(
            transport: try HTTPSTransport(kubeconfig: try Kubeconfig.load(path: configuration.kubeconfigPath)))
        let app = AppCatalog.hotelReservation
        let deployer = AppDeployer(client: client)
        _ = try await deployer.apply(app)
        if !mode.exportsSpans { try await disableTracing(client, namespace: app.namespace) }
        _ = try await deployer.waitUntilReady(app, timeout: settings.readyTimeout)
        try await waitForPodsSettled(client, deployer: deployer, app: app)
        let service = try await client.get(.services, namespace: app.namespace, name: app.entryService)
        let url = "http://\(service[path: ["spec", "clusterIP"]]?.stringValue ?? "127.0.0.1"):\(app.entryPort)"
        try await waitForFrontend(url)
        let setup = (ContinuousClock.now - started).seconds

        if settings.warmUp > .zero { _ = try await load(url, duration: settings.warmUp, seed: settings.seed &+ 1) }
        let before = stack.map { TelemetryBenchWork.Snapshot(stack: $0) }
        let startMs = Self.nowMs()
        let cpuBefore = TelemetryBenchCPU.Snapshot.now()
        let report = try await load(url, duration: settings.duration, seed: settings.seed)
        let cpu = TelemetryBenchCPU(
            before: cpuBefore, after: TelemetryBenchCPU.Snapshot.now(), requests: report.counters.completed)
        let endMs = Self.nowMs()
        var work: TelemetryBenchWork?
        if let stack, let before {
            // Spans are exported in batches about every second; let the last batch arrive.
            if mode.exportsSpans { try await Task.sleep(for: .milliseconds(1_500)) }
            work = TelemetryBenchWork(
                stack: stack, before: before, after: TelemetryBenchWork.Snapshot(stack: stack), startMs: startMs,
                endMs: endMs)
        }
        return Outcome(step: CapacityStep(report: report), telemetry: work, cpu: cpu, setupSeconds: setup)
    }

    private func load(_ url: String, duration: Duration, seed: UInt64) async throws -> LoadReport {
        let configuration = LoadConfiguration(
            url: url, rate: rate, duration: duration, connections: settings.connections, threads: settings.threads,
            distribution: .exponential, timeout: .seconds(2), seed: seed)
        var logger = Logger(label: "opslab.bench.load")
        logger.logLevel = .critical
        let report = try await LoadGenerator(
            configuration: configuration, source: HotelReservationWorkload(), logger: logger
        ).run()
        if report.interrupted { throw CancellationError() }
        return report
    }

    /// Adds `OTEL_TRACES_EXPORTER=none` to every container of every Deployment (a rollout follows).
    private func disableTracing(_ client: KubeClient, namespace: String) async throws {
        let deployments = try await client.list(.deployments, namespace: namespace)["items"]?.arrayValue ?? []
        for deployment in deployments {
            guard let name = deployment[path: ["metadata", "name"]]?.stringValue else { continue }
            let containers = deployment[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
            let patched: [JSONValue] = containers.compactMap { container in
                guard let containerName = container["name"]?.stringValue else { return nil }
                return .object([
                    "name": .string(containerName),
                    "env": .array([.object(["name": "OTEL_TRACES_EXPORTER", "value": "none"])]),
                ])
            }
            let patch: JSONValue = .object([
                "spec": .object(["template": .object(["spec": .object(["containers": .array(patched)])])])
            ])
            _ = try await client.patch(
                .deployments, namespace: namespace, name: name, patch: patch, patchType: .strategic)
        }
    }

    /// Waits until every pod of the app is Ready and none is terminating, and — when tracing is off — every pod
    /// carries `OTEL_TRACES_EXPORTER=none`, so no pod of an earlier ReplicaSet takes part in the measurement.
    private func waitForPodsSettled(_ client: KubeClient, deployer: AppDeployer, app: AppDefinition) async throws {
        let deadline = ContinuousClock.now + settings.readyTimeout
        while true {
            let pods = try await client.list(.pods, namespace: app.namespace)["items"]?.arrayValue ?? []
            let terminating = pods.contains { $0[path: ["metadata", "deletionTimestamp"]] != nil }
            let traced = pods.contains { pod in
                let env = pod[path: ["spec", "containers"]]?.arrayValue?.flatMap { $0["env"]?.arrayValue ?? [] } ?? []
                return !env.contains { $0["name"]?.stringValue == "OTEL_TRACES_EXPORTER" }
            }
            let readiness = try await deployer.readiness(app)
            if readiness.isComplete, !terminating, mode.exportsSpans || !traced, pods.count == readiness.expected {
                return
            }
            guard ContinuousClock.now < deadline else {
                throw TelemetryBenchError("\(app.name) did not settle (\(readiness.progressLine))")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    private func waitForFrontend(_ url: String) async throws {
        let probe = url + "/hotels?inDate=2015-04-09&outDate=2015-04-10&lat=37.7867&lon=-122.4112"
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(30) {
            if let text = try? await DemoRun.get(probe), text.contains("FeatureCollection") { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TelemetryBenchError("the frontend did not answer /hotels within 30 s")
    }

    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
