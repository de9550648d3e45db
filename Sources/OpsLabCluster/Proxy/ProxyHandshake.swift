import NIOCore

/// A new connection's TCP handshake through an impaired network, as a value: the SYN travels from the client to
/// the backend, the SYN-ACK back; when either is lost the client retransmits the SYN after 1 s, doubling
/// (Linux's `TCP_TIMEOUT_INIT`), and gives up after 6 retransmissions (`net.ipv4.tcp_syn_retries`).
enum ProxyHandshake {
    /// The first SYN retransmission timeout.
    static var initialTimeout: TimeAmount { .seconds(1) }
    /// SYN retransmissions before the connection fails.
    static var maximumRetransmissions: Int { 6 }

    /// What happens to one handshake attempt.
    enum Step: Equatable {
        /// The handshake completes after this long: connect to the backend then.
        case connect(after: TimeAmount)
        /// The attempt was lost: try again after this long.
        case retry(after: TimeAmount)
        /// Out of retransmissions: the connection fails.
        case fail
    }

    /// The attempt after `retransmissions` earlier lost ones, with `up` the impairment from client to backend and
    /// `down` the one back.
    static func attempt(
        retransmissions: Int, up: ProxyImpairment?, down: ProxyImpairment?,
        random: inout some RandomNumberGenerator
    ) -> Step {
        let lost = (up?.loses(using: &random) ?? false) || (down?.loses(using: &random) ?? false)
        if lost {
            guard retransmissions < maximumRetransmissions else { return .fail }
            return .retry(after: .nanoseconds(initialTimeout.nanoseconds << Int64(retransmissions)))
        }
        let delay =
            (up?.sampleDelay(using: &random) ?? .zero) + (down?.sampleDelay(using: &random) ?? .zero)
        return .connect(after: delay)
    }
}
