/// One sample of an instant vector: a labelled value at a time.
public struct PromQLSample: Sendable, Hashable {
    /// The series labels (without `__name__` after most functions and arithmetic).
    public var labels: MetricLabels
    /// The evaluation time (or, for raw selections, the sample's own time) in ms.
    public var timestampMs: Int64
    /// The value.
    public var value: Double

    /// A sample from its parts.
    public init(labels: MetricLabels, timestampMs: Int64, value: Double) {
        self.labels = labels
        self.timestampMs = timestampMs
        self.value = value
    }

    /// Compares value bits so NaN samples compare equal.
    public static func == (lhs: PromQLSample, rhs: PromQLSample) -> Bool {
        lhs.labels == rhs.labels && lhs.timestampMs == rhs.timestampMs && lhs.value.bitPattern == rhs.value.bitPattern
    }

    /// Hashes labels, time and value bits.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(timestampMs)
        hasher.combine(value.bitPattern)
    }
}

/// One series of a range vector or range-query result: labels and points in time order.
public struct PromQLSeries: Sendable, Hashable {
    /// The series labels.
    public var labels: MetricLabels
    /// The points in ascending time order.
    public var points: [StoredSample]

    /// A series from its parts.
    public init(labels: MetricLabels, points: [StoredSample]) {
        self.labels = labels
        self.points = points
    }
}

/// The result of a PromQL query, in Prometheus's four result types.
public enum PromQLValue: Sendable, Hashable {
    /// A number at the evaluation time (ms).
    case scalar(Double, timestampMs: Int64)
    /// A string at the evaluation time (ms).
    case string(String, timestampMs: Int64)
    /// An instant vector.
    case vector([PromQLSample])
    /// A range vector or a range query's result.
    case matrix([PromQLSeries])

    /// Prometheus's `resultType`: `scalar`, `string`, `vector` or `matrix`.
    public var resultType: String {
        switch self {
        case .scalar: return "scalar"
        case .string: return "string"
        case .vector: return "vector"
        case .matrix: return "matrix"
        }
    }

    /// The samples when the value is a vector, else `nil`.
    public var vectorValue: [PromQLSample]? {
        if case .vector(let samples) = self { return samples }
        return nil
    }

    /// The series when the value is a matrix, else `nil`.
    public var matrixValue: [PromQLSeries]? {
        if case .matrix(let series) = self { return series }
        return nil
    }

    /// The number when the value is a scalar, else `nil`.
    public var scalarValue: Double? {
        if case .scalar(let value, _) = self { return value }
        return nil
    }
}

/// The value of an expression during evaluation.
enum EvalValue {
    case scalar(Double)
    case string(String)
    case vector([PromQLSample])
    case matrix([PromQLSeries])
}
