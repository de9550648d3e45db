/// An error from parsing or evaluating PromQL, worded as Prometheus words it.
public struct PromQLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Prometheus's API error type for the error.
    public enum Kind: String, Sendable, Hashable {
        /// A parse error or an invalid argument (`bad_data`).
        case badData = "bad_data"
        /// A failure while evaluating (`execution`).
        case execution
        /// The query exceeded a limit such as 11 000 points per series (`bad_data` in Prometheus too).
        case timeout
    }

    /// The API error type.
    public let kind: Kind
    /// The message, e.g. `1:5: parse error: unexpected end of input`.
    public let message: String

    /// An error of a kind with a message.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// A parse error at a byte offset of `query`, prefixed with `line:column:` as Prometheus does.
    static func parse(_ message: String, query: String, position: Int) -> PromQLError {
        let bytes = Array(query.utf8)
        let clamped = max(0, min(position, bytes.count))
        var line = 1
        var lastBreak = -1
        for index in 0..<clamped where bytes[index] == 0x0a {
            line += 1
            lastBreak = index
        }
        return PromQLError(kind: .badData, message: "\(line):\(clamped - lastBreak): parse error: \(message)")
    }

    /// An evaluation error.
    static func execution(_ message: String) -> PromQLError { PromQLError(kind: .execution, message: message) }
}
