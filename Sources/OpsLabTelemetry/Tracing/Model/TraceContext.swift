/// The W3C Trace Context of one span: what travels in the `traceparent` and `tracestate` headers.
///
/// `traceparent` is `version-traceid-parentid-flags`, e.g.
/// `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`. This type writes version `00` and reads
/// version `00` strictly; higher versions are read as the specification asks (the first four fields, then
/// anything after a `-`). All-zero ids and version `ff` are rejected. `tracestate` is passed through as is.
public struct TraceContext: Sendable, Hashable, CustomStringConvertible {
    /// The trace id: 32 lowercase hex digits, not all zero.
    public var traceID: String
    /// The span id: 16 lowercase hex digits, not all zero.
    public var spanID: String
    /// The trace flags; bit 0 means sampled.
    public var flags: UInt8
    /// The vendor `tracestate` header, carried along unchanged.
    public var traceState: String?

    /// The `traceparent` header name.
    public static let traceparentHeader = "traceparent"
    /// The `tracestate` header name.
    public static let tracestateHeader = "tracestate"

    /// Creates a context, checking the ids.
    ///
    /// - Throws: `TracingError` with code `invalid-traceparent` when an id is not lowercase hex of the right
    ///   length or is all zero.
    public init(traceID: String, spanID: String, flags: UInt8 = 1, traceState: String? = nil) throws {
        try Self.check(traceID, digits: 32, what: "trace id")
        try Self.check(spanID, digits: 16, what: "parent id")
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
        self.traceState = traceState
    }

    /// Whether the sampled flag is set.
    public var isSampled: Bool { flags & 1 == 1 }

    /// The `traceparent` header value (version `00`).
    public var traceparent: String {
        let hexFlags = String(flags, radix: 16)
        return "00-\(traceID)-\(spanID)-\(hexFlags.count == 1 ? "0" + hexFlags : hexFlags)"
    }

    /// The `traceparent` header value.
    public var description: String { traceparent }

    /// Parses a `traceparent` header and an optional `tracestate` header.
    ///
    /// - Throws: `TracingError` with code `invalid-traceparent` and a message naming the bad field.
    public init(traceparent: String, tracestate: String? = nil) throws {
        let text = traceparent.traceTrimmed()
        let fields = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 4 else {
            throw Self.invalid("expected 4 dash-separated fields, got \(fields.count) in \"\(text)\"")
        }
        let version = fields[0]
        guard version.count == 2, version.allSatisfy(\.isTraceHexDigit) else {
            throw Self.invalid("version \"\(version)\" is not 2 lowercase hex digits")
        }
        guard version != "ff" else { throw Self.invalid("version ff is forbidden") }
        if version == "00" {
            guard fields.count == 4 else { throw Self.invalid("version 00 has exactly 4 fields") }
        }
        let flagsText = fields[3]
        guard flagsText.count == 2, flagsText.allSatisfy(\.isTraceHexDigit), let flags = UInt8(flagsText, radix: 16)
        else {
            throw Self.invalid("flags \"\(flagsText)\" are not 2 lowercase hex digits")
        }
        let state = tracestate?.traceTrimmed()
        try self.init(
            traceID: fields[1], spanID: fields[2], flags: flags, traceState: state?.isEmpty == false ? state : nil)
    }

    /// Parses a `traceparent` header, returning `nil` instead of throwing; what an extractor wants.
    public static func parse(traceparent: String?, tracestate: String? = nil) -> TraceContext? {
        guard let traceparent else { return nil }
        return try? TraceContext(traceparent: traceparent, tracestate: tracestate)
    }

    private static func check(_ id: String, digits: Int, what: String) throws {
        guard id.count == digits, id.utf8.allSatisfy({ Character(Unicode.Scalar($0)).isTraceHexDigit }) else {
            throw invalid("\(what) \"\(id)\" is not \(digits) lowercase hex digits")
        }
        guard id.contains(where: { $0 != "0" }) else { throw invalid("\(what) is all zeros") }
    }

    private static func invalid(_ message: String) -> TracingError {
        TracingError(code: "invalid-traceparent", "invalid traceparent: \(message)")
    }
}

extension Character {
    /// Whether the character is one of `0-9a-f`.
    var isTraceHexDigit: Bool {
        guard let ascii = asciiValue else { return false }
        return (48...57).contains(ascii) || (97...102).contains(ascii)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func traceTrimmed() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
