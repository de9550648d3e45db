/// A small, fast, seedable random number generator (SplitMix64).
///
/// The same seed always yields the same sequence, on every platform, so a load run's schedule and requests are
/// reproducible. Not cryptographically secure.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's state; advancing it by a fixed odd constant gives the next output after mixing.
    public private(set) var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// Creates an independent stream for one purpose (e.g. worker 3's schedule) from a run's seed.
    ///
    /// Streams with different `stream` numbers are decorrelated by mixing the seed with the stream number.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        self.state = mixer.next() ^ stream
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
