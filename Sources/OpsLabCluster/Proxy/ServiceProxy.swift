import Foundation
import Logging
import NIOCore
import NIOPosix
import OpsLabCore
import OpsLabKube
import ServiceLifecycle

/// The data plane: listens on every Service's `clusterIP:port` and forwards each TCP connection to one ready
/// endpoint, round robin, at its target port.
///
/// - A Service port listens only while it has a ready endpoint: without one its listener is closed, so clients
///   get ECONNREFUSED as with kube-proxy's REJECT rule, and it is bound again as soon as an endpoint is ready.
/// - A backend that refuses (a wrong targetPort) resets the client connection (SO_LINGER 0), the closest a
///   user-space proxy gets to the kernel's refusal; so does a connection accepted just as the last endpoint left.
/// - Listeners follow the Services and their Endpoints: re-bound when a port or the ClusterIP changes, closed on
///   deletion; a bind that fails (address in use) is retried on the next Endpoints change or every few seconds.
/// - `servicesFilePath` is kept as `{"<name>.<namespace>": "<clusterIP>"}` so pods can resolve Service names.
/// - A ``ProxyPolicy`` sees every connection before it is forwarded, and ``ProxyImpairments`` shape the bytes of
///   every connection while any is installed (the chaos hooks; NetworkChaos installs impairments). Impairments
///   are matched by pod IP: the backend's, and the client's source address (a pod's own IP when it binds its
///   outgoing connections to it). Traffic that does not pass through a Service is never impaired.
///
/// On cancellation or graceful shutdown every listener and forwarded connection is closed.
public struct ServiceProxy: Service {
    private let context: ClusterContext
    private let group: any EventLoopGroup
    private let routes = ProxyRouteTable()
    private let registry = ProxyConnectionRegistry()
    private let connector: ProxyConnector
    private let servicesFile: ProxyServicesFile
    private let retryInterval: Duration
    private let logger: Logger
    /// Bytes, reads and errors forwarded per backend pod IP (the kubelet's network metrics read them).
    public let traffic: ProxyTrafficCounters
    /// The impairments that shape forwarded traffic (installed by the chaos controller).
    public let impairments: ProxyImpairments

    /// Creates the proxy.
    ///
    /// - Parameters:
    ///   - policy: consulted for every accepted connection; forwards everything by default.
    ///   - eventLoopGroup: where listeners and connections run.
    ///   - retryInterval: how often binds that failed are tried again.
    ///   - traffic: where forwarded bytes are counted per backend pod IP.
    ///   - impairments: the network impairments every connection is shaped by (none by default).
    public init(
        context: ClusterContext, policy: any ProxyPolicy = ForwardingProxyPolicy(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        retryInterval: Duration = .seconds(3), traffic: ProxyTrafficCounters = ProxyTrafficCounters(),
        impairments: ProxyImpairments = ProxyImpairments()
    ) {
        self.traffic = traffic
        self.impairments = impairments
        self.context = context
        self.group = eventLoopGroup
        self.retryInterval = retryInterval
        var logger = context.logger
        logger[metadataKey: "component"] = "proxy"
        self.logger = logger
        self.servicesFile = ProxyServicesFile(path: context.configuration.servicesFilePath)
        self.connector = ProxyConnector(
            routes: routes, registry: registry, policy: policy, traffic: traffic, impairments: impairments,
            logger: logger,
            connectTimeout: .seconds(3)
        )
    }

    /// The addresses and ports currently listening, sorted.
    public func currentBindings() -> [ProxyBinding] {
        registry.bindings
    }

    /// The ready backends the proxy currently knows for a Service port.
    public func backends(for target: ProxyTarget) -> [ProxyBackend] {
        routes.backends(for: target)
    }

    /// Runs until cancelled.
    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.loop() }
    }

    private enum Input: Sendable {
        case service(WatchEvent)
        case endpoints(WatchEvent)
        case retry
    }

    /// The proxy loop's own state: Services seen and the listeners it wants.
    private struct LoopState {
        var services: [String: JSONValue] = [:]
        var bound: [ProxyBinding: ProxyTarget] = [:]
        var failed: Set<ProxyBinding> = []
        var writtenEntries: [String: String]?
    }

    private func loop() async throws {
        let store = context.store
        let services = try await store.watch(.services, namespace: nil, since: nil)
        let endpoints = try await store.watch(.endpoints, namespace: nil, since: nil)
        let (inputs, feed) = AsyncStream.makeStream(of: Input.self)
        let interval = retryInterval
        var state = LoopState()
        writeServicesFile(&state)
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await event in services { feed.yield(.service(event)) }
                feed.finish()
            }
            group.addTask {
                for await event in endpoints { feed.yield(.endpoints(event)) }
                feed.finish()
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    feed.yield(.retry)
                }
            }
            for await input in inputs {
                await handle(input, state: &state)
            }
            group.cancelAll()
        }
        await shutdown()
    }

    private func handle(_ input: Input, state: inout LoopState) async {
        switch input {
        case .endpoints(let event):
            if event.kind == .deleted {
                routes.remove(namespace: event.object.namespace ?? "default", name: event.object.name)
            } else {
                routes.update(event.object)
            }
            await reconcileListeners(&state)
        case .service(let event):
            let key = "\(event.object.namespace ?? "default")/\(event.object.name)"
            state.services[key] = event.kind == .deleted ? nil : event.object
            await reconcileListeners(&state)
            writeServicesFile(&state)
        case .retry:
            if !state.failed.isEmpty { await reconcileListeners(&state) }
        }
    }

    /// Closes listeners that are no longer wanted (Service gone, target changed, no ready endpoint) and binds the
    /// missing ones.
    private func reconcileListeners(_ state: inout LoopState) async {
        let desired = routes.servable(ProxyTarget.listeners(for: Array(state.services.values)))
        for (binding, target) in state.bound.sorted(by: { $0.key < $1.key }) where desired[binding] != target {
            state.bound[binding] = nil
            // Close before unregistering, so that a binding no longer listed no longer accepts connections.
            if let channel = registry.listener(at: binding) {
                try? await channel.close()
            }
            _ = registry.removeListener(at: binding)
            logger.debug("unbound", metadata: ["binding": "\(binding)", "service": "\(target)"])
        }
        state.failed = state.failed.filter { desired[$0] != nil }
        for (binding, target) in desired.sorted(by: { $0.key < $1.key }) where state.bound[binding] == nil {
            do {
                let channel = try await bind(binding, target: target)
                registry.addListener(channel, at: binding)
                state.bound[binding] = target
                state.failed.remove(binding)
                logger.debug("bound", metadata: ["binding": "\(binding)", "service": "\(target)"])
            } catch {
                if state.failed.insert(binding).inserted {
                    logger.error(
                        "cannot listen for service",
                        metadata: ["binding": "\(binding)", "service": "\(target)", "error": "\(error)"]
                    )
                }
            }
        }
    }

    private func bind(_ binding: ProxyBinding, target: ProxyTarget) async throws -> any Channel {
        let connector = connector
        return try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .childChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in connector.initialize(channel, target: target) }
            .bind(host: binding.address, port: binding.port)
            .get()
    }

    private func writeServicesFile(_ state: inout LoopState) {
        let entries = ProxyServicesFile.entries(for: Array(state.services.values))
        guard entries != state.writtenEntries else { return }
        do {
            try servicesFile.write(entries)
            state.writtenEntries = entries
        } catch {
            logger.error("cannot write services file", metadata: ["path": "\(servicesFile.path)", "error": "\(error)"])
        }
    }

    private func shutdown() async {
        let open = registry.takeAll()
        for channel in open.listeners {
            try? await channel.close()
        }
        for channel in open.connections {
            try? await channel.close()
        }
        logger.debug("proxy stopped", metadata: ["listeners": "\(open.listeners.count)"])
    }
}
