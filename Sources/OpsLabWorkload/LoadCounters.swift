/// What one worker (or a whole run) did: requests by fate, bytes, latencies.
///
/// Every scheduled request ends as exactly one of: a completed response, a socket error, or unsent (still queued
/// when the run ended): `scheduled == dispatched + unsent` and, once nothing is in flight,
/// `dispatched == completed + errors.socket`.
public struct LoadCounters: Sendable {
    /// Intended sends whose time fell inside the run.
    public var scheduled: Int = 0
    /// Requests handed to a connection (sent, or attempted on a connection that failed to open).
    public var dispatched: Int = 0
    /// Responses received, of any status.
    public var completed: Int = 0
    /// Scheduled requests still queued, never sent, when the run ended (every connection was busy).
    public var unsent: Int = 0
    /// Errors by kind.
    public var errors = LoadErrorCounts()
    /// Bytes read from the sockets (status lines, headers and bodies).
    public var bytesRead: Int = 0
    /// Latency of every completed response, measured from its intended send time.
    public var latency = LatencyHistogram()

    /// Creates empty counters.
    public init() {}

    /// Adds another worker's counters.
    public mutating func merge(_ other: LoadCounters) {
        scheduled += other.scheduled
        dispatched += other.dispatched
        completed += other.completed
        unsent += other.unsent
        errors.add(other.errors)
        bytesRead += other.bytesRead
        latency.merge(other.latency)
    }
}
