/// Produces the requests of a load run, one per intended send, from a seeded random number generator.
///
/// The generator calls ``makeRequest(using:)`` once per request, in send order, on each worker with that worker's own
/// seeded generator, so the same seed gives the same requests. Implementations must not keep mutable state.
public protocol RequestSource: Sendable {
    /// The next request, drawing any randomness from `generator`.
    func makeRequest(using generator: inout some RandomNumberGenerator) -> LoadRequest
}

/// A ``RequestSource`` that sends the same request every time (e.g. a plain `GET` of one URL).
public struct SingleRequestSource: RequestSource {
    /// The request sent every time.
    public var request: LoadRequest

    /// Creates a source that always sends `request`.
    public init(_ request: LoadRequest) {
        self.request = request
    }

    /// Returns ``request``; draws nothing.
    public func makeRequest(using generator: inout some RandomNumberGenerator) -> LoadRequest {
        request
    }
}
