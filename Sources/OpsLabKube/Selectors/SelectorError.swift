/// A label or field selector that could not be parsed.
///
/// The message reads like Kubernetes' own, e.g. `unable to parse requirement: found '', expected: '('`.
public struct SelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for humans.
    public var message: String

    /// Creates an error with a message.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// The error as the API server answers it: 400 BadRequest with the message.
    public var status: APIStatus { .badRequest(message) }
}
