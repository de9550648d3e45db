/// Limits of a ``TimeSeriesStore``.
public struct TimeSeriesStoreConfiguration: Sendable, Hashable {
    /// The most series the store holds; appends that would create more are rejected. Default 50 000.
    public var maxSeries: Int
    /// How long samples are kept, in ms, measured back from the newest sample of the store. Default 2 h.
    public var retentionMs: Int64
    /// The ring-buffer capacity of one series; the oldest sample is overwritten when full. Default 2 048
    /// (2 h of 5 s scrapes with room to spare).
    public var maxSamplesPerSeries: Int

    /// A configuration; every limit has a default.
    public init(maxSeries: Int = 50_000, retentionMs: Int64 = 2 * 3_600_000, maxSamplesPerSeries: Int = 2_048) {
        self.maxSeries = maxSeries
        self.retentionMs = retentionMs
        self.maxSamplesPerSeries = maxSamplesPerSeries
    }
}

/// What happened to one appended sample.
public enum AppendOutcome: Sendable, Hashable {
    /// Stored (in an existing series).
    case appended
    /// Stored, and it created the series.
    case createdSeries
    /// Same timestamp and value as the newest sample: ignored.
    case duplicate
    /// Older than (or at the time of, with another value) the newest sample of its series: rejected.
    case outOfOrder
    /// Older than the retention window: rejected.
    case tooOld
    /// Would create a series beyond ``TimeSeriesStoreConfiguration/maxSeries``: rejected.
    case seriesLimitReached

    /// Whether the sample was stored.
    public var isStored: Bool { self == .appended || self == .createdSeries }
}

/// Counts and sizes of a ``TimeSeriesStore``.
public struct TimeSeriesStoreStatistics: Sendable, Hashable {
    /// Series currently held.
    public var seriesCount: Int
    /// Samples currently held (stale markers included).
    public var sampleCount: Int
    /// Approximate bytes held by sample buffers, labels and indexes.
    public var approximateBytes: Int
    /// Samples stored since the store was made.
    public var samplesAppended: Int
    /// Samples rejected as out of order or too old.
    public var samplesRejected: Int
    /// Series not created because the series limit was reached.
    public var seriesRejected: Int
    /// Series removed because all their samples left the retention window.
    public var seriesRemoved: Int
    /// The oldest and newest timestamps held, in ms, or `nil` when empty.
    public var minTimestampMs: Int64?
    /// The newest timestamp held, in ms, or `nil` when empty.
    public var maxTimestampMs: Int64?
}
