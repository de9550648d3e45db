/// What a NetworkChaos does to the traffic of its targets (Chaos Mesh's `spec.action`).
public enum NetworkChaosAction: String, Sendable, Hashable, CaseIterable {
    /// Any combination of the `delay`, `loss`, `duplicate` and `corrupt` blocks.
    case netem
    /// Holds traffic for `delay.latency` ± `delay.jitter`.
    case delay
    /// Drops `loss.loss` % of the traffic (TCP retransmits it).
    case loss
    /// Duplicates packets; TCP discards the copies, so a stream sees nothing.
    case duplicate
    /// Corrupts packets; their checksum fails, so TCP sees them as lost.
    case corrupt
    /// Cuts the traffic between the targets and their peers.
    case partition
    /// Limits the rate (not implemented by the embedded cluster: applying it fails with a message).
    case bandwidth
}

/// Which traffic of the selected pods a NetworkChaos affects (Chaos Mesh's `spec.direction`).
public enum NetworkChaosDirection: String, Sendable, Hashable, CaseIterable {
    /// What the selected pods send (to the target pods, or to anyone without a target).
    case to
    /// What the selected pods receive from the target pods.
    case from
    /// Both.
    case both
}
