import NIOCore

/// The chunks of one direction of a forwarded connection on their way through an impaired network, as a value:
/// when each is delivered, in order, and when the connection gives up.
///
/// Loss is modelled as TCP lives it, since dropping bytes inside a stream would corrupt it: a lost transmission
/// is retransmitted after a retransmission timeout that starts at 200 ms and doubles up to 120 s (Linux's
/// `TCP_RTO_MIN` and `TCP_RTO_MAX`); after 15 retransmissions (`tcp_retries2`) the connection fails. Each
/// retransmission consults the impairment in force at that moment, so a healed network delivers at the next one.
/// A delivered transmission arrives after latency ± jitter. Chunks are never reordered: one waits for those
/// before it, as TCP's receiver holds segments until the gap is filled.
struct ProxyTransmitQueue<Payload> {
    /// Linux's minimum retransmission timeout.
    static var initialRetransmissionTimeout: TimeAmount { .milliseconds(200) }
    /// Linux's maximum retransmission timeout.
    static var maximumRetransmissionTimeout: TimeAmount { .seconds(120) }
    /// Retransmissions before the connection fails (`net.ipv4.tcp_retries2`).
    static var maximumRetransmissions: Int { 15 }

    private enum State {
        case delivering(at: NIODeadline)
        case retransmitting(count: Int, next: NIODeadline)
    }

    private var entries: [(payload: Payload, state: State)] = []
    private var head = 0

    /// What ``advance(now:impairment:random:)`` produced.
    struct Outcome {
        /// The chunks delivered, in order.
        var delivered: [Payload] = []
        /// Whether a chunk ran out of retransmissions (the connection must fail).
        var failed = false
    }

    /// Whether no chunk is in flight.
    var isEmpty: Bool { head == entries.count }

    /// How many chunks are in flight.
    var count: Int { entries.count - head }

    /// The retransmission timeout after `count` retransmissions: 200 ms doubling, at most 120 s.
    static func retransmissionTimeout(after count: Int) -> TimeAmount {
        let initial = initialRetransmissionTimeout.nanoseconds
        let maximum = maximumRetransmissionTimeout.nanoseconds
        guard count < 20 else { return .nanoseconds(maximum) }
        return .nanoseconds(min(maximum, initial << Int64(count)))
    }

    /// Sends a chunk at `now` through `impairment` (`nil`: an unimpaired path).
    mutating func send(
        _ payload: Payload, now: NIODeadline, impairment: ProxyImpairment?, random: inout some RandomNumberGenerator
    ) {
        entries.append((payload, Self.transmit(count: 0, now: now, impairment: impairment, random: &random)))
    }

    /// Retransmits what is due at `now` through `impairment`, and delivers the chunks whose time has come, in order.
    mutating func advance(
        now: NIODeadline, impairment: ProxyImpairment?, random: inout some RandomNumberGenerator
    ) -> Outcome {
        var outcome = Outcome()
        for index in head..<entries.count {
            guard case .retransmitting(let count, let next) = entries[index].state, next <= now else { continue }
            if count >= Self.maximumRetransmissions {
                outcome.failed = true
                return outcome
            }
            entries[index].state = Self.transmit(count: count + 1, now: now, impairment: impairment, random: &random)
        }
        while head < entries.count, case .delivering(let time) = entries[head].state, time <= now {
            outcome.delivered.append(entries[head].payload)
            head += 1
        }
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64 {
            entries.removeFirst(head)
            head = 0
        }
        return outcome
    }

    /// When something is next due (the first chunk's delivery, or any retransmission), or `nil` when nothing is
    /// in flight. Deliveries behind the first chunk wait for it, so they are not due before it.
    var nextDeadline: NIODeadline? {
        guard head < entries.count else { return nil }
        var earliest: NIODeadline?
        if case .delivering(let at) = entries[head].state { earliest = at }
        for index in head..<entries.count {
            guard case .retransmitting(_, let next) = entries[index].state else { continue }
            if earliest.map({ next < $0 }) ?? true { earliest = next }
        }
        return earliest
    }

    /// One transmission (the `count`-th retransmission, 0 for the first) at `now`.
    private static func transmit(
        count: Int, now: NIODeadline, impairment: ProxyImpairment?, random: inout some RandomNumberGenerator
    ) -> State {
        guard let impairment else { return .delivering(at: now) }
        if impairment.loses(using: &random) {
            return .retransmitting(count: count, next: now + retransmissionTimeout(after: count))
        }
        return .delivering(at: now + impairment.sampleDelay(using: &random))
    }
}
