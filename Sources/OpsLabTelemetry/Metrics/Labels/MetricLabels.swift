/// One label of a series: a name and a value.
public struct MetricLabel: Sendable, Hashable, Comparable {
    /// The label name, e.g. `job` or `__name__`.
    public var name: String
    /// The label value; never empty inside a ``MetricLabels`` set.
    public var value: String

    /// A label from its name and value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Orders labels by name, then value.
    public static func < (lhs: MetricLabel, rhs: MetricLabel) -> Bool {
        lhs.name != rhs.name ? lhs.name < rhs.name : lhs.value < rhs.value
    }
}

/// The identity of a time series: a set of labels sorted by name, including `__name__` for the metric name.
///
/// Labels with empty values are dropped, as Prometheus treats an empty label as an absent one. Equality and
/// hashing are over the sorted pairs, so two sets built in different orders are equal. ``fingerprint`` is a
/// stable 64-bit FNV-1a hash (the same on every run and platform), usable as a compact series id.
public struct MetricLabels: Sendable, Hashable, CustomStringConvertible {
    /// The reserved label that holds the metric name.
    public static let metricNameLabel = "__name__"

    /// The labels, sorted by name; names are unique.
    public private(set) var labels: [MetricLabel]

    /// An empty label set.
    public init() { labels = [] }

    /// A label set from pairs; later duplicates of a name win, empty values are dropped.
    public init(_ pairs: [(String, String)]) {
        var byName: [String: String] = [:]
        for (name, value) in pairs { byName[name] = value }
        self.init(byName)
    }

    /// A label set from a dictionary; empty values are dropped.
    public init(_ dictionary: [String: String]) {
        labels = dictionary.filter { !$0.value.isEmpty }.map { MetricLabel(name: $0.key, value: $0.value) }.sorted()
    }

    /// A label set with a metric name and further labels.
    public init(name: String, _ dictionary: [String: String] = [:]) {
        var all = dictionary
        all[Self.metricNameLabel] = name
        self.init(all)
    }

    /// Trusts that `sorted` is sorted by name, has unique names and no empty values.
    init(sortedUnchecked sorted: [MetricLabel]) { labels = sorted }

    /// The metric name (`__name__`), or `nil`.
    public var metricName: String? { self[Self.metricNameLabel] }

    /// The number of labels.
    public var count: Int { labels.count }

    /// Whether the set has no labels.
    public var isEmpty: Bool { labels.isEmpty }

    /// The label names in order.
    public var names: [String] { labels.map(\.name) }

    /// The labels as a dictionary.
    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: labels.map { ($0.name, $0.value) })
    }

    /// The value of label `name`, or `nil` when absent.
    public subscript(name: String) -> String? {
        var low = 0
        var high = labels.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let candidate = labels[mid].name
            if candidate == name { return labels[mid].value }
            if candidate < name { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    /// A copy with label `name` set to `value`; an empty or `nil` value removes the label.
    public func setting(_ name: String, to value: String?) -> MetricLabels {
        var copy = labels.filter { $0.name != name }
        if let value, !value.isEmpty {
            let index = copy.firstIndex { $0.name > name } ?? copy.count
            copy.insert(MetricLabel(name: name, value: value), at: index)
        }
        return MetricLabels(sortedUnchecked: copy)
    }

    /// A copy without the labels in `names`.
    public func removing(_ names: Set<String>) -> MetricLabels {
        MetricLabels(sortedUnchecked: labels.filter { !names.contains($0.name) })
    }

    /// A copy with only the labels in `names`.
    public func keeping(_ names: Set<String>) -> MetricLabels {
        MetricLabels(sortedUnchecked: labels.filter { names.contains($0.name) })
    }

    /// A copy without `__name__`.
    public var droppingMetricName: MetricLabels { removing([Self.metricNameLabel]) }

    /// A stable 64-bit FNV-1a hash of the sorted pairs.
    public var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        for label in labels {
            for byte in label.name.utf8 { mix(byte) }
            mix(0xff)
            for byte in label.value.utf8 { mix(byte) }
            mix(0xff)
        }
        return hash
    }

    /// Prometheus's notation: `name{a="1", b="2"}`, or `{a="1"}` without a name.
    public var description: String {
        let rest = labels.filter { $0.name != Self.metricNameLabel }
            .map { "\($0.name)=\"\(Self.escape($0.value))\"" }
        let name = metricName ?? ""
        if rest.isEmpty { return name.isEmpty ? "{}" : name }
        return name + "{" + rest.joined(separator: ", ") + "}"
    }

    /// Escapes a label value as the exposition format and PromQL print it (`\\`, `\"`, `\n`).
    public static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}

extension MetricLabels: ExpressibleByDictionaryLiteral {
    /// A label set from a literal such as `["__name__": "up", "job": "geo"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { ($0.0, $0.1) })
    }
}

extension MetricLabels: Comparable {
    /// Orders label sets pair by pair (name, then value), as Prometheus sorts series.
    public static func < (lhs: MetricLabels, rhs: MetricLabels) -> Bool {
        lhs.labels.lexicographicallyPrecedes(rhs.labels)
    }
}
