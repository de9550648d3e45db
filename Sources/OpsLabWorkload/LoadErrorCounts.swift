/// Failed requests by kind, as wrk counts them.
public struct LoadErrorCounts: Sendable, Hashable {
    /// Requests that could not be sent because the connection could not be opened (refused, unreachable, timed out).
    public var connect: Int = 0
    /// Requests whose connection closed or failed (or sent unparsable HTTP) before the whole response arrived.
    public var read: Int = 0
    /// Requests whose bytes could not be written.
    public var write: Int = 0
    /// Requests without a complete response within the timeout after they were sent (the connection is reopened).
    public var timeout: Int = 0
    /// Responses whose status is not 2xx or 3xx (they count as completed too, as in wrk).
    public var status: Int = 0

    /// Creates zero counts, or the given ones.
    public init(connect: Int = 0, read: Int = 0, write: Int = 0, timeout: Int = 0, status: Int = 0) {
        self.connect = connect
        self.read = read
        self.write = write
        self.timeout = timeout
        self.status = status
    }

    /// Socket errors: connect + read + write + timeout.
    public var socket: Int { connect + read + write + timeout }

    /// All errors, socket and status.
    public var total: Int { socket + status }

    /// Adds another set of counts.
    public mutating func add(_ other: LoadErrorCounts) {
        connect += other.connect
        read += other.read
        write += other.write
        timeout += other.timeout
        status += other.status
    }
}
