import NIOCore
import Synchronization

/// The channels the proxy has open: listeners by binding, and forwarded connections (both sides), so that
/// tests can see what is bound and shutdown can close everything.
final class ProxyConnectionRegistry: Sendable {
    private struct State {
        var listeners: [ProxyBinding: any Channel] = [:]
        var connections: [ObjectIdentifier: any Channel] = [:]
    }

    private let state = Mutex(State())

    /// Records a bound listener.
    func addListener(_ channel: any Channel, at binding: ProxyBinding) {
        state.withLock { $0.listeners[binding] = channel }
    }

    /// The listener bound at `binding`, if any.
    func listener(at binding: ProxyBinding) -> (any Channel)? {
        state.withLock { $0.listeners[binding] }
    }

    /// Forgets a listener and returns its channel.
    func removeListener(at binding: ProxyBinding) -> (any Channel)? {
        state.withLock { $0.listeners.removeValue(forKey: binding) }
    }

    /// The bindings currently listening, sorted.
    var bindings: [ProxyBinding] {
        state.withLock { Array($0.listeners.keys) }.sorted()
    }

    /// How many forwarded connection channels are open.
    var connectionCount: Int {
        state.withLock { $0.connections.count }
    }

    /// Tracks a connection channel until it closes.
    func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLock { $0.connections[id] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.state.withLock { _ = $0.connections.removeValue(forKey: id) }
        }
    }

    /// Removes every listener and connection from the registry and returns their channels.
    func takeAll() -> (listeners: [any Channel], connections: [any Channel]) {
        state.withLock { state in
            defer { state = State() }
            return (Array(state.listeners.values), Array(state.connections.values))
        }
    }
}
