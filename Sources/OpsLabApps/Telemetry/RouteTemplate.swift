import Synchronization

/// Turns raw request paths into bounded route labels (`/user/42` → `/user/:id`).
///
/// A segment becomes `:id` when it is all digits, a UUID, or a hex string of at least 12 characters with a
/// digit. Past ``limit`` distinct templates, new ones are reported as `other`, so a client that walks random
/// paths cannot grow the metric series without bound.
public final class RouteTemplate: Sendable {
    /// The default number of distinct templates kept.
    public static let defaultLimit = 128
    /// The label of a route past the limit.
    public static let overflow = "other"
    /// The number of distinct templates kept.
    public let limit: Int
    private let seen = Mutex<Set<String>>([])

    /// Creates a normalizer that keeps at most `limit` distinct templates.
    public init(limit: Int = RouteTemplate.defaultLimit) {
        self.limit = limit
    }

    /// The bounded label of a path (query and fragment already removed or ignored).
    public func label(for path: String) -> String {
        bounded(Self.template(for: path))
    }

    /// `value` itself while fewer than ``limit`` distinct values were seen (or it was seen), else `other`.
    public func bounded(_ value: String) -> String {
        seen.withLock { seen in
            if seen.contains(value) { return value }
            guard seen.count < limit else { return Self.overflow }
            seen.insert(value)
            return value
        }
    }

    /// The template of a path: id-like segments replaced by `:id`, the query dropped, at least `/`.
    public static func template(for path: String) -> String {
        var text = Substring(path)
        if let mark = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<mark] }
        guard !text.isEmpty else { return "/" }
        guard text.contains(where: { $0.isNumber }) else { return String(text) }
        let segments = text.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            isIdentifier(segment) ? ":id" : String(segment)
        }
        return segments.joined(separator: "/")
    }

    /// Whether a path segment looks like an id rather than a name.
    static func isIdentifier(_ segment: Substring) -> Bool {
        guard !segment.isEmpty else { return false }
        if segment.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        let hex = segment.filter { $0 != "-" }
        let isHex = hex.allSatisfy { $0.isHexDigit }
        if isHex, segment.count == 36, segment.filter({ $0 == "-" }).count == 4 { return true }
        return isHex && hex.count >= 12 && hex.contains(where: { $0.isNumber })
    }

    /// `method` if it is a standard HTTP method, else `_OTHER` (as OpenTelemetry names unknown methods).
    public static func method(_ method: String) -> String {
        let upper = method.uppercased()
        return standardMethods.contains(upper) ? upper : "_OTHER"
    }

    private static let standardMethods: Set<String> = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    ]
}
