import Synchronization

/// Bytes and connections the service proxy forwarded, per backend pod IP: the network side of the kubelet's
/// container metrics (`container_network_*`).
///
/// Seen from the pod: `received` is what clients sent it through a Service, `transmitted` what it answered.
/// "Packets" are the socket reads that carried the bytes (each at least one TCP segment), since a user-space
/// proxy never sees segments. `receiveErrors` counts connections the pod did not accept (refused, timed out),
/// `transmitErrors` established connections to it that failed (reset). Traffic that bypasses Services (pod to
/// pod IP directly) is not counted. When a different pod shows up at an IP (addresses are reused), its counters
/// start again from zero.
public final class ProxyTrafficCounters: Sendable {
    /// The counters of one pod IP.
    public struct Counters: Sendable, Equatable {
        /// The pod these counters belong to (the endpoint's `targetRef.name`), when known.
        public var pod: String?
        /// Bytes the pod received.
        public var receivedBytes: UInt64 = 0
        /// Reads that carried bytes to the pod.
        public var receivedPackets: UInt64 = 0
        /// Bytes the pod sent.
        public var transmittedBytes: UInt64 = 0
        /// Reads that carried bytes from the pod.
        public var transmittedPackets: UInt64 = 0
        /// Connections forwarded to the pod.
        public var connections: UInt64 = 0
        /// Connections the pod did not accept.
        public var receiveErrors: UInt64 = 0
        /// Forwarded connections that failed with an error.
        public var transmitErrors: UInt64 = 0

        /// Creates zeroed counters.
        public init(pod: String? = nil) {
            self.pod = pod
        }
    }

    private let table = Mutex<[String: Counters]>([:])

    /// Creates empty counters.
    public init() {}

    /// Every pod IP's counters.
    public func snapshot() -> [String: Counters] {
        table.withLock { $0 }
    }

    /// The counters of one pod IP.
    public func counters(ip: String) -> Counters? {
        table.withLock { $0[ip] }
    }

    /// A connection to a backend is being made.
    func connecting(to backend: ProxyBackend) {
        update(backend) { $0.connections += 1 }
    }

    /// The backend did not accept the connection.
    func connectFailed(to backend: ProxyBackend) {
        update(backend) { $0.receiveErrors += 1 }
    }

    /// A forwarded connection to the backend failed.
    func connectionFailed(to backend: ProxyBackend) {
        update(backend) { $0.transmitErrors += 1 }
    }

    /// The client sent `bytes` to the backend.
    func received(_ bytes: Int, by backend: ProxyBackend) {
        update(backend) { counters in
            counters.receivedBytes += UInt64(bytes)
            counters.receivedPackets += 1
        }
    }

    /// The backend sent `bytes` to the client.
    func transmitted(_ bytes: Int, by backend: ProxyBackend) {
        update(backend) { counters in
            counters.transmittedBytes += UInt64(bytes)
            counters.transmittedPackets += 1
        }
    }

    private func update(_ backend: ProxyBackend, _ body: (inout Counters) -> Void) {
        table.withLock { table in
            var counters = table[backend.ip] ?? Counters(pod: backend.pod)
            if let pod = backend.pod, counters.pod != pod { counters = Counters(pod: pod) }
            body(&counters)
            table[backend.ip] = counters
        }
    }
}
