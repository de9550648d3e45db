import Synchronization

/// Makes trace and span ids: random by default, or a reproducible sequence from a seed (for tests).
///
/// Ids are lowercase hex (32 digits for traces, 16 for spans) and never all zero.
public final class TracingIDGenerator: Sendable {
    private let state: Mutex<SplitMix64?>

    /// Creates a generator; with a `seed` the ids are the same on every run, without one they come from the
    /// system's random number generator.
    public init(seed: UInt64? = nil) {
        self.state = Mutex(seed.map(SplitMix64.init(seed:)))
    }

    /// A new trace id: 32 lowercase hex digits.
    public func nextTraceID() -> String {
        var (high, low) = (nextWord(), nextWord())
        while high == 0 && low == 0 { (high, low) = (nextWord(), nextWord()) }
        return Self.hex(high) + Self.hex(low)
    }

    /// A new span id: 16 lowercase hex digits.
    public func nextSpanID() -> String {
        var word = nextWord()
        while word == 0 { word = nextWord() }
        return Self.hex(word)
    }

    private func nextWord() -> UInt64 {
        state.withLock { generator in
            if generator != nil { return generator!.next() }
            var system = SystemRandomNumberGenerator()
            return system.next()
        }
    }

    static func hex(_ word: UInt64) -> String {
        let text = String(word, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}

/// The SplitMix64 generator: small, fast and good enough for ids.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
