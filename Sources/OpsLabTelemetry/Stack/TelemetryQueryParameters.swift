import Foundation

/// The parameters of one HTTP request: the URL's query string and, for form posts, the body, in order.
///
/// Prometheus's API accepts every parameter either in the query string or as an
/// `application/x-www-form-urlencoded` POST body (Grafana and promtool post forms); both end up here, query
/// string first. Repeated names (`match[]=a&match[]=b`) keep all their values.
public struct TelemetryQueryParameters: Sendable, Hashable {
    /// Every `name=value` pair in the order received.
    public var items: [Item]

    /// One decoded `name=value` pair.
    public struct Item: Sendable, Hashable {
        /// The decoded name.
        public var name: String
        /// The decoded value (empty for a bare `name`).
        public var value: String

        /// Creates a pair.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates parameters from pairs.
    public init(items: [Item] = []) {
        self.items = items
    }

    /// Parses a URL-encoded string (`a=1&b=x%20y+z`): `+` is a space, `%XX` a byte; malformed escapes are kept.
    public init(urlEncoded text: some StringProtocol) {
        var items: [Item] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            guard !name.isEmpty else { continue }
            items.append(Item(name: name, value: parts.count > 1 ? Self.decode(parts[1]) : ""))
        }
        self.items = items
    }

    /// The first value of a parameter, or `nil`.
    public subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// Every value of a parameter, in order.
    public func values(_ name: String) -> [String] {
        items.filter { $0.name == name }.map(\.value)
    }

    /// Name → all values.
    public var multiValued: [String: [String]] {
        var result: [String: [String]] = [:]
        for item in items { result[item.name, default: []].append(item.value) }
        return result
    }

    /// Name → first value.
    public var firstValues: [String: String] {
        var result: [String: String] = [:]
        for item in items where result[item.name] == nil { result[item.name] = item.value }
        return result
    }

    /// These parameters followed by `other`'s.
    public func merging(_ other: TelemetryQueryParameters) -> TelemetryQueryParameters {
        TelemetryQueryParameters(items: items + other.items)
    }

    /// Splits a request target into its path and its query parameters, merging a form-encoded body.
    ///
    /// The body counts only when `contentType` is `application/x-www-form-urlencoded` (any parameters after `;`
    /// are ignored), as for Prometheus's POST endpoints.
    public static func parse(
        target: String, contentType: String?, body: [UInt8]
    ) -> (path: String, parameters: TelemetryQueryParameters) {
        let pieces = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var path = pieces.isEmpty ? "/" : String(pieces[0])
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        if path.isEmpty { path = "/" }
        var parameters = TelemetryQueryParameters(urlEncoded: pieces.count > 1 ? pieces[1] : "")
        if isForm(contentType), !body.isEmpty {
            parameters = parameters.merging(TelemetryQueryParameters(urlEncoded: String(decoding: body, as: UTF8.self)))
        }
        return (path, parameters)
    }

    /// Whether a Content-Type is `application/x-www-form-urlencoded`.
    public static func isForm(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let base = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return base.lowercased() == "application/x-www-form-urlencoded"
    }

    /// Decodes `+` and `%XX` escapes; bytes that are not valid UTF-8 become U+FFFD.
    static func decode(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
                    let low = hexValue(iterator[iterator.startIndex + 1])
                {
                    bytes.append(high << 4 | low)
                    iterator = iterator.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
