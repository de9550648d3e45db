import Tracing

/// Writes propagation headers into a `[String: String]` dictionary.
public struct DictionaryHeadersInjector: Injector {
    /// Creates the injector.
    public init() {}

    /// Sets `key` to `value`.
    public func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}

/// Reads propagation headers from a `[String: String]` dictionary, matching names case-insensitively.
public struct DictionaryHeadersExtractor: Extractor {
    /// Creates the extractor.
    public init() {}

    /// The value whose name equals `key` ignoring case, or `nil`.
    public func extract(key: String, from carrier: [String: String]) -> String? {
        if let exact = carrier[key] { return exact }
        let lower = key.lowercased()
        return carrier.first { $0.key.lowercased() == lower }?.value
    }
}
