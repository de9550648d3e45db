import NIOHTTP1
import Tracing

/// Writes propagation headers into NIO `HTTPHeaders` (replacing earlier values of the same name).
public struct HTTPHeadersInjector: Injector {
    /// Creates the injector.
    public init() {}

    /// Sets `key` to `value`.
    public func inject(_ value: String, forKey key: String, into carrier: inout HTTPHeaders) {
        carrier.replaceOrAdd(name: key, value: value)
    }
}

/// Reads propagation headers from NIO `HTTPHeaders` (names compared case-insensitively).
public struct HTTPHeadersExtractor: Extractor {
    /// Creates the extractor.
    public init() {}

    /// The first value of `key`, or `nil`; several `tracestate` values are joined with commas.
    public func extract(key: String, from carrier: HTTPHeaders) -> String? {
        let values = carrier[key]
        guard !values.isEmpty else { return nil }
        return values.joined(separator: ",")
    }
}
