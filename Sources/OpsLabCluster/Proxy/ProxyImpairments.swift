import Synchronization

/// The impairments in force in the service proxy, shared by the chaos controller (which installs and removes
/// rules) and every forwarded connection (which looks them up).
///
/// Without rules a connection pays one atomic load per read, nothing more. Lookups are cached by connections
/// until ``generation`` changes.
public final class ProxyImpairments: Sendable {
    private let rules = Mutex<[String: ProxyImpairmentRule]>([:])
    private let count = Atomic<Int>(0)
    private let version = Atomic<UInt64>(0)
    private let connections = Atomic<UInt64>(0)
    /// The seed of every random draw (loss, jitter), mixed per connection and direction.
    public let seed: UInt64

    /// Creates an empty table whose random draws derive from `seed`.
    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    /// Whether any rule is installed (one atomic load).
    public var isActive: Bool { count.load(ordering: .relaxed) > 0 }

    /// Changes whenever a rule is installed or removed.
    public var generation: UInt64 { version.load(ordering: .acquiring) }

    /// Installs (or replaces) the rule with key `id`.
    public func install(_ rule: ProxyImpairmentRule, id: String) {
        rules.withLock { rules in
            rules[id] = rule
            count.store(rules.count, ordering: .relaxed)
            version.add(1, ordering: .releasing)
        }
    }

    /// Removes the rule with key `id` (absent is fine).
    public func remove(id: String) {
        rules.withLock { rules in
            guard rules.removeValue(forKey: id) != nil else { return }
            count.store(rules.count, ordering: .relaxed)
            version.add(1, ordering: .releasing)
        }
    }

    /// The keys of the installed rules, sorted.
    public var ids: [String] { rules.withLock { Array($0.keys) }.sorted() }

    /// The combined impairment of bytes from `sender` to `receiver` (IPs), or `nil` when no rule applies.
    public func impairment(sender: String?, receiver: String?) -> ProxyImpairment? {
        guard isActive else { return nil }
        return rules.withLock { rules in
            var result: ProxyImpairment?
            for key in rules.keys.sorted() {
                guard let rule = rules[key], rule.applies(sender: sender, receiver: receiver) else { continue }
                result = result.map { $0.combined(with: rule.impairment) } ?? rule.impairment
            }
            return result
        }
    }

    /// A seeded generator for a new connection's `stream` (0 client to backend, 1 backend to client, 2 handshake).
    func makeRandom(connection: UInt64, stream: UInt64) -> ChaosRandom {
        ChaosRandom(seed: seed ^ (connection &* 0x9E37_79B9_7F4A_7C15) ^ (stream &* 0xBF58_476D_1CE4_E5B9))
    }

    /// A new connection's sequence number.
    func nextConnection() -> UInt64 {
        connections.add(1, ordering: .relaxed).newValue
    }
}
