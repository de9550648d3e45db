/// Settings of a ``ScrapeManager``.
public struct ScrapeManagerConfiguration: Sendable, Hashable {
    /// Time between scrape cycles in ms. Default 5 s.
    public var intervalMs: Int64
    /// The longest one scrape may take in ms before it counts as failed. Default 4 s.
    public var timeoutMs: Int64

    /// A configuration with defaults.
    public init(intervalMs: Int64 = 5_000, timeoutMs: Int64 = 4_000) {
        self.intervalMs = intervalMs
        self.timeoutMs = timeoutMs
    }
}

/// Why a scrape failed.
public struct ScrapeError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// An error with a message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
