import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import Synchronization

/// The stack's connection to the cluster and what it learned from it: the API client, the published endpoints
/// and the last discovered targets. Shared by the scraper's callbacks and the route handlers.
final class ObservabilityRuntime: Sendable {
    private struct State {
        var cluster: ObservabilityCluster?
        var endpoints: ObservabilityEndpoints?
        var lastTargets: [DiscoveredTarget] = []
    }

    private let state = Mutex(State())
    private let configuration: ObservabilityConfiguration
    private let logger: Logger

    init(configuration: ObservabilityConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    var endpoints: ObservabilityEndpoints? { state.withLock { $0.endpoints } }
    var lastTargets: [DiscoveredTarget] { state.withLock { $0.lastTargets } }
    var cluster: ObservabilityCluster? { state.withLock { $0.cluster } }

    func clearEndpoints() {
        state.withLock { $0.endpoints = nil }
    }

    /// Connects to the API, publishes the namespace and Services, binds one server per port on the serving
    /// address, then writes the Endpoints. On failure every server bound so far is closed.
    func setUp(
        kubeconfigPath: String, handler: (ObservabilityServices.Port) -> TelemetryHTTPServer.Handler
    ) async throws -> [TelemetryHTTPServer] {
        let namespace = configuration.namespace
        let cluster = try await ObservabilityCluster.connect(
            kubeconfigPath: kubeconfigPath, timeout: configuration.apiReadyTimeout, logger: logger)
        state.withLock { $0.cluster = cluster }
        try await cluster.ensureNamespace(namespace)
        var clusterIPs: [String: String] = [:]
        for name in ObservabilityServices.serviceNames {
            clusterIPs[name] = try await cluster.ensureService(name, namespace: namespace)
        }
        let serving: (node: String?, address: String)
        if let address = configuration.servingAddress {
            serving = (nil, address)
        } else {
            let controlPlane = try await cluster.controlPlaneAddress()
            serving = (controlPlane.node, controlPlane.address)
        }
        var servers: [TelemetryHTTPServer] = []
        do {
            for port in ObservabilityServices.all {
                var serverLogger = logger
                serverLogger[metadataKey: "service"] = "\(namespace)/\(port.service):\(port.port)"
                servers.append(
                    try await TelemetryHTTPServer.bind(
                        host: serving.address, port: port.port, configuration: configuration.server,
                        logger: serverLogger, handler: handler(port)))
            }
            for name in ObservabilityServices.serviceNames {
                try await cluster.publishEndpoints(
                    name, namespace: namespace, address: serving.address, node: serving.node)
            }
        } catch {
            for server in servers { await server.close() }
            throw error
        }
        let endpoints = ObservabilityEndpoints(
            clusterIPs: clusterIPs, servingAddress: serving.address, servingNode: serving.node)
        state.withLock { $0.endpoints = endpoints }
        logger.info(
            "observability stack ready",
            metadata: [
                "prometheus": "\(endpoints.prometheusURL ?? "?")", "jaeger": "\(endpoints.jaegerURL ?? "?")",
                "serving": "\(serving.address)",
            ])
        return servers
    }

    /// Puts back what someone removed: the namespace, the Services and their Endpoints; picks up a recreated
    /// Service's new ClusterIP (the servers listen on the serving address, so nothing needs rebinding).
    func reconcile() async {
        guard let cluster, let current = endpoints else { return }
        let namespace = configuration.namespace
        do {
            try await cluster.ensureNamespace(namespace)
            var clusterIPs: [String: String] = [:]
            for name in ObservabilityServices.serviceNames {
                clusterIPs[name] = try await cluster.ensureService(name, namespace: namespace)
                try await cluster.publishEndpoints(
                    name, namespace: namespace, address: current.servingAddress, node: current.servingNode)
            }
            if clusterIPs != current.clusterIPs {
                logger.info("observability services changed", metadata: ["clusterIPs": "\(clusterIPs)"])
                state.withLock { $0.endpoints?.clusterIPs = clusterIPs }
            }
        } catch {
            logger.debug("reconciling the observability services failed", metadata: ["error": "\(error)"])
        }
    }

    /// Discovers the targets now (pods, nodes, kube-state-metrics); on an API failure, the last ones.
    func discover() async -> [DiscoveredTarget] {
        guard let cluster, let endpoints else { return lastTargets }
        do {
            async let pods = cluster.items(.pods, namespace: nil)
            async let nodes = cluster.items(.nodes, namespace: nil)
            var targets = TargetDiscovery.podTargets(try await pods) + TargetDiscovery.nodeTargets(try await nodes)
            let port = ObservabilityServices.kubeStateMetrics
            if let ip = endpoints.clusterIPs[port.service] {
                targets.append(TargetDiscovery.kubeStateMetricsTarget(address: "\(ip):\(port.port)"))
            }
            let own = ObservabilityServices.prometheus
            if let ip = endpoints.clusterIPs[own.service] {
                targets.append(TargetDiscovery.prometheusTarget(address: "\(ip):\(own.port)"))
            }
            let found = targets
            state.withLock { $0.lastTargets = found }
            return found
        } catch {
            logger.debug("target discovery failed; keeping the last targets", metadata: ["error": "\(error)"])
            return lastTargets
        }
    }

    /// The discovered targets as the scraper takes them.
    func scrapeTargets() async -> [ScrapeTarget] {
        await discover().map { target in
            var labels = target.labels
            labels["job"] = nil
            return ScrapeTarget(job: target.job, url: target.url, labels: labels)
        }
    }

    /// Fetches a scrape target: direct GET, or through the API server for API-server URLs.
    func fetch(_ target: ScrapeTarget) async throws -> String {
        guard let access = DiscoveredTarget.access(forURL: target.url) else {
            throw TelemetryStackError(code: .scrapeFailed, message: "unusable scrape URL \(target.url)")
        }
        let fetcher = TargetFetcher(
            apiTransport: cluster?.client.transport, timeout: configuration.effectiveScrapeTimeout,
            maxBytes: configuration.maxScrapeBytes)
        return try await fetcher.fetch(DiscoveredTarget(job: target.job, access: access, labels: target.labels))
    }

    /// kube-state-metrics' text from the API's pods, deployments and services.
    func renderKubeStateMetrics() async throws -> String {
        guard let cluster else {
            throw TelemetryStackError(code: .apiUnavailable, message: "not connected to the API server yet")
        }
        async let pods = cluster.items(.pods, namespace: nil)
        async let deployments = cluster.items(.deployments, namespace: nil)
        async let services = cluster.items(.services, namespace: nil)
        return KubeStateMetrics.render(
            pods: try await pods, deployments: try await deployments, services: try await services)
    }
}
