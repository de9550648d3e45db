/// The chaos controller's seeded random numbers (SplitMix64): the same seed selects the same targets.
public struct ChaosRandom: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// A generator for one experiment: the controller's seed mixed with the experiment's namespace and name, so
    /// a selection does not depend on how many other experiments ran before.
    public init(seed: UInt64, namespace: String, name: String) {
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in "\(namespace)/\(name)".utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        self.state = seed ^ hash
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
