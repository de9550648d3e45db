/// One impairment the proxy applies to traffic between pods, by pod IP (what the chaos controller installs for
/// one record of a NetworkChaos).
///
/// Seen from the pods in ``pods``: ``Direction/egress`` affects the bytes they send, ``Direction/ingress`` the
/// bytes they receive, ``Direction/both`` both; with ``peers`` set only bytes exchanged with those pods count.
public struct ProxyImpairmentRule: Sendable, Hashable {
    /// Which bytes of ``pods`` are affected.
    public enum Direction: String, Sendable, Hashable {
        /// Bytes the pods send (Chaos Mesh's `to`).
        case egress
        /// Bytes the pods receive (Chaos Mesh's `from`).
        case ingress
        /// Both.
        case both
    }

    /// The IPs of the affected pods.
    public var pods: Set<String>
    /// The IPs of the peers; `nil` means any address (other pods, and clients outside the cluster).
    public var peers: Set<String>?
    /// Which bytes are affected.
    public var direction: Direction
    /// What happens to them.
    public var impairment: ProxyImpairment

    /// Creates a rule.
    public init(pods: Set<String>, peers: Set<String>? = nil, direction: Direction, impairment: ProxyImpairment) {
        self.pods = pods
        self.peers = peers
        self.direction = direction
        self.impairment = impairment
    }

    /// Whether bytes from `sender` to `receiver` (IPs; `nil` when unknown) are affected.
    public func applies(sender: String?, receiver: String?) -> Bool {
        func isPod(_ ip: String?) -> Bool { ip.map(pods.contains) ?? false }
        func isPeer(_ ip: String?) -> Bool {
            guard let peers else { return true }
            return ip.map(peers.contains) ?? false
        }
        let outbound = isPod(sender) && isPeer(receiver)
        let inbound = isPod(receiver) && isPeer(sender)
        switch direction {
        case .egress: return outbound
        case .ingress: return inbound
        case .both: return outbound || inbound
        }
    }
}
