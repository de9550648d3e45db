import Synchronization

/// The `# TYPE` / `# HELP` of one metric family, as `/api/v1/metadata` reports it.
public struct MetricMetadata: Sendable, Hashable {
    /// The declared type.
    public var type: MetricType
    /// The help text (empty when none).
    public var help: String
    /// The unit (the text format 0.0.4 has none, so empty).
    public var unit: String

    /// Metadata from its parts.
    public init(type: MetricType, help: String, unit: String = "") {
        self.type = type
        self.help = help
        self.unit = unit
    }
}

/// Metric metadata seen in scrapes, by family name; thread-safe.
public final class MetricMetadataStore: Sendable {
    private let entries = Mutex<[String: Set<MetricMetadata>]>([:])

    /// An empty store.
    public init() {}

    /// Records the metadata of the families of one scrape (families without TYPE or HELP are skipped).
    public func record(_ families: [MetricFamily]) {
        entries.withLock { entries in
            for family in families where family.type != .untyped || family.help != nil {
                entries[family.name, default: []].insert(MetricMetadata(type: family.type, help: family.help ?? ""))
            }
        }
    }

    /// Metadata by metric name, optionally for one metric; each list is sorted by type then help.
    public func metadata(metric: String? = nil) -> [String: [MetricMetadata]] {
        entries.withLock { entries in
            var out: [String: [MetricMetadata]] = [:]
            for (name, set) in entries where metric == nil || metric == name {
                out[name] = set.sorted { ($0.type.rawValue, $0.help) < ($1.type.rawValue, $1.help) }
            }
            return out
        }
    }
}
