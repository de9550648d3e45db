/// The type a `# TYPE` line declares.
public enum MetricType: String, Sendable, Hashable, CaseIterable {
    /// A monotonically increasing value.
    case counter
    /// A value that goes up and down.
    case gauge
    /// Cumulative `_bucket{le=…}` series plus `_sum` and `_count`.
    case histogram
    /// `{quantile=…}` series plus `_sum` and `_count`.
    case summary
    /// No declared type.
    case untyped
    /// The metadata API's name for an untyped metric.
    public var metadataName: String { self == .untyped ? "unknown" : rawValue }
}

/// One sample of an exposition: a labelled value with an optional timestamp in milliseconds.
public struct ExpositionSample: Sendable, Hashable {
    /// The labels including `__name__`.
    public var labels: MetricLabels
    /// The value (`NaN`, `+Inf` and `-Inf` included).
    public var value: Double
    /// The explicit timestamp in ms since the epoch, if the line had one.
    public var timestampMs: Int64?

    /// A sample from labels, a value and an optional timestamp.
    public init(labels: MetricLabels, value: Double, timestampMs: Int64? = nil) {
        self.labels = labels
        self.value = value
        self.timestampMs = timestampMs
    }

    /// Compares bit patterns for values so that NaN samples compare equal to themselves.
    public static func == (lhs: ExpositionSample, rhs: ExpositionSample) -> Bool {
        lhs.labels == rhs.labels && lhs.value.bitPattern == rhs.value.bitPattern && lhs.timestampMs == rhs.timestampMs
    }

    /// Hashes labels, value bits and timestamp.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(value.bitPattern)
        hasher.combine(timestampMs)
    }
}

/// A metric family: the samples sharing a name (and, for histograms and summaries, its suffixed series),
/// with the `# TYPE` and `# HELP` that describe them.
public struct MetricFamily: Sendable, Hashable {
    /// The family name (without `_bucket`/`_sum`/`_count`).
    public var name: String
    /// The declared type (`untyped` when none was declared).
    public var type: MetricType
    /// The `# HELP` text, if any (unescaped).
    public var help: String?
    /// The samples in input order.
    public var samples: [ExpositionSample]

    /// A family from its parts.
    public init(name: String, type: MetricType = .untyped, help: String? = nil, samples: [ExpositionSample] = []) {
        self.name = name
        self.type = type
        self.help = help
        self.samples = samples
    }

    /// Whether a sample's metric name belongs to this family (exact name, or a suffix its type allows).
    public func owns(metricName: String) -> Bool {
        if metricName == name { return true }
        let suffixes: [String]
        switch type {
        case .histogram: suffixes = ["_bucket", "_sum", "_count"]
        case .summary: suffixes = ["_sum", "_count"]
        case .counter: suffixes = ["_total"]
        default: suffixes = []
        }
        return suffixes.contains { metricName == name + $0 }
    }
}

/// A parse error in an exposition, with the 1-based line it occurred on.
public struct ExpositionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line number.
    public let line: Int
    /// What was wrong.
    public let message: String

    /// An error at a line.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line 3: …`
    public var description: String { "line \(line): \(message)" }
}
