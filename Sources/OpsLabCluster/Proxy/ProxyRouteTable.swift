import OpsLabCore
import OpsLabKube
import Synchronization

/// The proxy's view of Endpoints, read by every accepted connection to pick a backend round robin.
///
/// Thread-safe: written by the proxy's watch loop, read on NIO event loop threads.
public final class ProxyRouteTable: Sendable {
    private struct State {
        var endpoints: [String: JSONValue] = [:]
        var cursors: [ProxyTarget: Int] = [:]
    }

    private let state = Mutex(State())

    /// Creates an empty table.
    public init() {}

    /// Stores (or replaces) an Endpoints object.
    public func update(_ endpoints: JSONValue) {
        let key = Self.key(endpoints.namespace ?? "default", endpoints.name)
        state.withLock { $0.endpoints[key] = endpoints }
    }

    /// Forgets the Endpoints of a Service.
    public func remove(namespace: String, name: String) {
        state.withLock { $0.endpoints[Self.key(namespace, name)] = nil }
    }

    /// The ready backends of a Service port.
    public func backends(for target: ProxyTarget) -> [ProxyBackend] {
        let endpoints = state.withLock { $0.endpoints[Self.key(target.namespace, target.service)] }
        guard let endpoints else { return [] }
        return ProxyBackend.resolve(endpoints: endpoints, portName: target.portName)
    }

    /// The next backend of a Service port, round robin, or `nil` when it has no ready endpoint.
    public func next(for target: ProxyTarget) -> ProxyBackend? {
        state.withLock { state in
            guard let endpoints = state.endpoints[Self.key(target.namespace, target.service)] else { return nil }
            let backends = ProxyBackend.resolve(endpoints: endpoints, portName: target.portName)
            guard !backends.isEmpty else { return nil }
            let cursor = state.cursors[target, default: 0]
            state.cursors[target] = cursor == Int.max ? 0 : cursor + 1
            return backends[cursor % backends.count]
        }
    }

    /// The listeners among `listeners` whose Service port has at least one ready backend: the proxy listens only
    /// on those, so a Service port without ready endpoints refuses connections, as kube-proxy's REJECT rule does.
    public func servable(_ listeners: [ProxyBinding: ProxyTarget]) -> [ProxyBinding: ProxyTarget] {
        listeners.filter { !backends(for: $0.value).isEmpty }
    }

    private static func key(_ namespace: String, _ name: String) -> String { namespace + "/" + name }
}
