/// One sample in the store: a millisecond timestamp and a value.
public struct StoredSample: Sendable, Hashable {
    /// Milliseconds since the epoch.
    public var timestampMs: Int64
    /// The value; ``StaleMarker/value`` marks the end of a series.
    public var value: Double

    /// A sample from a timestamp and a value.
    public init(timestampMs: Int64, value: Double) {
        self.timestampMs = timestampMs
        self.value = value
    }

    /// Whether this sample is a stale marker.
    public var isStale: Bool { StaleMarker.isStale(value) }

    /// Compares bit patterns so that NaN samples (and stale markers) compare equal to themselves.
    public static func == (lhs: StoredSample, rhs: StoredSample) -> Bool {
        lhs.timestampMs == rhs.timestampMs && lhs.value.bitPattern == rhs.value.bitPattern
    }

    /// Hashes timestamp and value bits.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(timestampMs)
        hasher.combine(value.bitPattern)
    }
}

/// A series and its samples in time order, as the store hands them out.
public struct StoredSeries: Sendable, Hashable {
    /// The series identity, including `__name__`.
    public var labels: MetricLabels
    /// The samples in ascending time order (stale markers included).
    public var samples: [StoredSample]

    /// A series from labels and samples.
    public init(labels: MetricLabels, samples: [StoredSample]) {
        self.labels = labels
        self.samples = samples
    }
}

/// Prometheus's stale marker: a special NaN (bits `0x7ff0000000000002`) appended when a series disappears
/// from a scrape or its target goes away. A query treats the series as absent from that point on.
public enum StaleMarker {
    /// The bit pattern of the stale NaN.
    public static let bitPattern: UInt64 = 0x7ff0_0000_0000_0002
    /// The stale NaN value.
    public static let value = Double(bitPattern: bitPattern)
    /// Whether `value` is the stale NaN (an ordinary NaN is not).
    public static func isStale(_ value: Double) -> Bool { value.bitPattern == bitPattern }
}
