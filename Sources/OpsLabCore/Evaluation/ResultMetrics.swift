import Foundation

/// The `results` object of a result file, keeping the original's key order for display.
public struct ResultMetrics: Sendable, Hashable {
    /// The key/value pairs in insertion order.
    public private(set) var entries: [(key: String, value: JSONValue)]

    /// Creates empty metrics.
    public init() {
        entries = []
    }

    /// The value of `key`; setting replaces it in place or appends it, setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            let position = entries.firstIndex { $0.key == key }
            switch (position, newValue) {
            case (let position?, let value?): entries[position].value = value
            case (let position?, nil): entries.remove(at: position)
            case (nil, let value?): entries.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }

    /// The metrics as a JSON object.
    public var json: JSONValue {
        .object(Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
    }

    /// Equal when the same keys have the same values in the same order.
    public static func == (lhs: ResultMetrics, rhs: ResultMetrics) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.value == $1.value }
    }

    /// Hashes keys and values in order.
    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.value)
        }
    }
}
