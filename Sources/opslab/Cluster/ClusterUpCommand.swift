import ArgumentParser
import Foundation
import Logging
import OpsLabApps
import OpsLabCluster
import OpsLabKube
import OpsLabTelemetry
import ServiceLifecycle

/// `opslab cluster up`: start an embedded cluster in the foreground, or detached with `--detach`.
struct ClusterUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start an embedded cluster.",
        discussion: """
            Runs the API server (HTTPS on 127.B.0.1, B chosen per state directory), controllers, scheduler,
            kubelet and service proxy in this process; pods are child processes. Ctrl-C or SIGTERM stops
            everything. With --detach the cluster runs in the background and this command returns once the API
            server answers, printing the kubeconfig path. Stop it with `opslab cluster down`.
            The control plane also serves the observability stack: Prometheus's API as Service prometheus
            (port 9090) and Jaeger's as Service jaeger (16686, OTLP/HTTP on 4318) in namespace observe, scraping
            annotated pods (prometheus.io/scrape), the nodes' cAdvisor metrics and kube-state-metrics;
            `opslab cluster status` prints their URLs.
            Environment: OPSLAB_HOME (state directory), OPSLAB_LOG_LEVEL (trace|debug|info|warning|error),
            OPSLAB_TELEMETRY=off (no observability stack), OPSLAB_SCRAPE_INTERVAL (default 5s),
            OPSLAB_SCRAPE_TIMEOUT, OPSLAB_METRICS_RETENTION (default 1h), OPSLAB_SCRAPE_MAX_BYTES.
            """
    )

    @OptionGroup var state: StateDirectoryOptions

    @Flag(help: "Run in the background and return once the API server answers.")
    var detach = false

    @Option(name: .customLong("api-port"), help: "The API server's port.")
    var apiPort = 6443

    @Option(help: "Comma-separated node names; the first is the tainted control-plane node.")
    var nodes = "opslab-control-plane,opslab-worker"

    @Option(name: .customLong("ready-timeout"), help: "Seconds --detach waits for the API server.")
    var readyTimeout = 60.0

    @Flag(name: .customLong("no-telemetry"), help: "Do not run the observability stack (also OPSLAB_TELEMETRY=off).")
    var noTelemetry = false

    @Option(
        name: .customLong("scrape-interval"),
        help: "How often metrics are scraped, e.g. 5s or 500ms (also OPSLAB_SCRAPE_INTERVAL; default 5s).")
    var scrapeInterval: String?

    /// The observability stack's configuration: environment first, then the flags.
    func telemetryConfiguration() throws -> ObservabilityConfiguration {
        var configuration: ObservabilityConfiguration
        do {
            configuration = try ObservabilityConfiguration.fromEnvironment()
        } catch {
            throw ValidationError("\(error)")
        }
        if noTelemetry { configuration.enabled = false }
        if let scrapeInterval {
            guard let interval = ObservabilityConfiguration.parseDuration(scrapeInterval), interval > .zero else {
                throw ValidationError("--scrape-interval \(scrapeInterval) is not a positive duration such as 5s")
            }
            configuration.scrapeInterval = interval
        }
        return configuration
    }

    func run() async throws {
        let started = ContinuousClock.now
        let stateDirectory = state.resolved
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let pidPath = stateDirectory + "/cluster.pid"
        if let pid = ProcessControl.readPid(pidPath), ProcessControl.isAlive(pid), ProcessControl.isCluster(pid),
            pid != getpid()
        {
            throw ValidationError(
                "a cluster is already running from \(stateDirectory) (pid \(pid)); stop it with `opslab cluster down`")
        }
        let nodeNames = nodes.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard !nodeNames.isEmpty, nodeNames.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("--nodes needs at least one node name")
        }
        let block = ClusterBlock.choose(stateDirectory: stateDirectory, apiPort: apiPort)
        try ClusterBlock.record(block, stateDirectory: stateDirectory)
        let configuration = ClusterConfiguration(
            stateDirectory: stateDirectory, block: block, apiPort: apiPort, nodeNames: nodeNames,
            executablePath: try ProcessControl.executablePath())
        let telemetry = try telemetryConfiguration()
        let reaped = Kubelet.reapOrphans(configuration: configuration)
        if reaped > 0 { printError("reaped \(reaped) pod process(es) left by a cluster that did not stop cleanly") }
        if detach {
            try await runDetached(configuration, started: started)
        } else {
            try await runForeground(configuration, telemetry: telemetry, started: started)
        }
    }

    private func runDetached(_ configuration: ClusterConfiguration, started: ContinuousClock.Instant) async throws {
        try FileManager.default.createDirectory(
            atPath: configuration.recordsDirectory, withIntermediateDirectories: true)
        let logPath = configuration.recordsDirectory + "/cluster.log"
        try? FileManager.default.removeItem(atPath: configuration.kubeconfigPath)
        let pid = try ProcessControl.spawnDetached(
            arguments: [
                "cluster", "up", "--state-dir", configuration.stateDirectory, "--api-port",
                String(configuration.apiPort),
                "--nodes", configuration.nodeNames.joined(separator: ","),
            ] + (noTelemetry ? ["--no-telemetry"] : []) + (scrapeInterval.map { ["--scrape-interval", $0] } ?? []),
            logPath: logPath)
        let deadline = ContinuousClock.now + .seconds(readyTimeout)
        while ContinuousClock.now < deadline {
            guard ProcessControl.isAlive(pid) else {
                let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                throw ValidationError(
                    "the cluster process exited during start; last lines of \(logPath):\n"
                        + log.split(separator: "\n").suffix(15).joined(separator: "\n"))
            }
            if await ClusterProbe.isReady(kubeconfigPath: configuration.kubeconfigPath) {
                let elapsed = ContinuousClock.now - started
                print("Cluster is up (pid \(pid)) — API server ready in \(ClusterProbe.format(elapsed)).")
                print("API server: \(configuration.serverURL)")
                print("Kubeconfig: \(configuration.kubeconfigPath)")
                print("Try:        opslab kubectl --kubeconfig \(configuration.kubeconfigPath) get nodes")
                print("Stop with:  opslab cluster down --state-dir \(configuration.stateDirectory)")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(pid, SIGTERM)
        throw ValidationError("the API server did not answer within \(Int(readyTimeout))s; see \(logPath)")
    }

    private func runForeground(
        _ configuration: ClusterConfiguration, telemetry: ObservabilityConfiguration, started: ContinuousClock.Instant
    ) async throws {
        let pidPath = configuration.pidFilePath
        try "\(getpid())\n".write(toFile: pidPath, atomically: true, encoding: .utf8)
        defer {
            if ProcessControl.readPid(pidPath) == getpid() { try? FileManager.default.removeItem(atPath: pidPath) }
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let level = ProcessInfo.processInfo.environment["OPSLAB_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = level ?? .info
            return handler
        }
        let logger = Logger(label: "opslab.cluster")
        var catalog = ImageCatalog()
        for (image, role) in Roles.images { catalog.register(image, role: role) }
        var addons: [any Service] = []
        if telemetry.enabled {
            var telemetryLogger = Logger(label: "opslab.telemetry")
            telemetryLogger.logLevel = logger.logLevel
            addons.append(
                ObservabilityStack(
                    kubeconfigPath: configuration.kubeconfigPath, configuration: telemetry, logger: telemetryLogger))
        }
        let cluster = EmbeddedCluster(
            configuration: configuration, catalog: catalog, logger: logger, addons: addons
        ) {
            configuration in
            let elapsed = ContinuousClock.now - started
            logger.info(
                "API server ready",
                metadata: [
                    "server": "\(configuration.serverURL)", "kubeconfig": "\(configuration.kubeconfigPath)",
                    "elapsed": "\(ClusterProbe.format(elapsed))",
                ])
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: cluster)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
