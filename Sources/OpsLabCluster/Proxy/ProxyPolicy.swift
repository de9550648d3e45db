/// What the proxy does with one new connection to a Service port.
public enum ProxyAction: Sendable, Hashable {
    /// Connect to the chosen backend at once.
    case forward
    /// Wait, then connect to the chosen backend.
    case delay(Duration)
    /// Reset the client connection without contacting any backend.
    case abort
}

/// Facts about one accepted connection that a ``ProxyPolicy`` decides on.
public struct ProxyConnectionInfo: Sendable, Hashable {
    /// The Service port the client connected to.
    public var target: ProxyTarget
    /// The ready endpoint the proxy picked.
    public var backend: ProxyBackend
    /// The client's address, e.g. `127.202.1.7:40112`, when known.
    public var client: String?

    /// Creates connection facts.
    public init(target: ProxyTarget, backend: ProxyBackend, client: String?) {
        self.target = target
        self.backend = backend
        self.client = client
    }
}

/// The hook where chaos acts in the data plane: consulted once per accepted connection, after the backend is
/// chosen and before the proxy connects to it.
///
/// Implementations are called on NIO event loop threads and must return quickly without blocking.
public protocol ProxyPolicy: Sendable {
    /// Decides what happens to a new connection.
    func action(for connection: ProxyConnectionInfo) -> ProxyAction
}

/// The default policy: forward every connection.
public struct ForwardingProxyPolicy: ProxyPolicy {
    /// Creates the policy.
    public init() {}

    /// Always ``ProxyAction/forward``.
    public func action(for connection: ProxyConnectionInfo) -> ProxyAction { .forward }
}
