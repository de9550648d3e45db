import NIOCore

/// The network model of one direction of a forwarded connection: who sends, who receives, the impairment in
/// force (cached per ``ProxyImpairments/generation``), the chunks in flight and their timer.
///
/// Event-loop bound: used only by the ``ProxyGlueHandler`` that reads the direction's bytes.
final class ProxyShaping {
    /// How many bytes may be in flight before the proxy stops reading the sender (netem's queue limit).
    static let queueLimit = 1 << 20

    let impairments: ProxyImpairments
    /// The sending side's IP (`nil` when unknown).
    let sender: String?
    /// The receiving side's IP (`nil` when unknown).
    let receiver: String?
    var random: ChaosRandom
    var queue = ProxyTransmitQueue<NIOAny>()
    /// Bytes in flight.
    var queuedBytes = 0
    /// Sizes of the chunks in flight, in order (to count delivered bytes).
    var sizes: [Int] = []
    /// The pending timer and when it fires.
    var timer: Scheduled<Void>?
    var timerDeadline: NIODeadline?
    /// A close of the sender to pass on once everything in flight is delivered.
    var pendingClose: CloseMode?
    private var cachedGeneration: UInt64 = .max
    private var cachedImpairment: ProxyImpairment?

    init(impairments: ProxyImpairments, sender: String?, receiver: String?, random: ChaosRandom) {
        self.impairments = impairments
        self.sender = sender
        self.receiver = receiver
        self.random = random
    }

    /// Whether the model must see this read: bytes are in flight, or an impairment applies to this direction.
    var engaged: Bool {
        if !queue.isEmpty { return true }
        guard impairments.isActive else { return false }
        return current != nil
    }

    /// Whether nothing is in flight.
    var isIdle: Bool { queue.isEmpty }

    /// Whether the sender should not be read for now.
    var isFull: Bool { queuedBytes >= Self.queueLimit }

    /// The impairment of this direction now.
    var current: ProxyImpairment? {
        let generation = impairments.generation
        if generation != cachedGeneration {
            cachedGeneration = generation
            cachedImpairment = impairments.impairment(sender: sender, receiver: receiver)
        }
        return cachedImpairment
    }
}
