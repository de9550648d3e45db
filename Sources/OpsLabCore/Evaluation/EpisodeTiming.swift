import Foundation

/// The timestamps of an episode, injected by the orchestrator; all durations derive from them.
public struct EpisodeTiming: Sendable, Hashable {
    /// When setup began (before deploy, workload and injection); `nil` if unknown.
    public var setupStart: Date?
    /// When the agent loop began: the original's session start, where TTx starts.
    public var start: Date
    /// When the loop ended (submission or max steps): the original's session end.
    public var end: Date
    /// Seconds spent inside the agent (its `getAction` calls); `nil` if not measured.
    public var agentSeconds: Double?

    /// Creates a timing.
    public init(setupStart: Date? = nil, start: Date, end: Date, agentSeconds: Double? = nil) {
        self.setupStart = setupStart
        self.start = start
        self.end = end
        self.agentSeconds = agentSeconds
    }

    /// TTD / TTL / TTA / TTM: seconds from the loop's start to its end, as in the original.
    public var timeToX: Double { end.timeIntervalSince(start) }

    /// Seconds of wall time from setup (or loop start) to the end.
    public var wallSeconds: Double { end.timeIntervalSince(setupStart ?? start) }

    /// Wall time not spent inside the agent, or `nil` when agent time is unknown.
    public var frameworkOverhead: Double? {
        agentSeconds.map { max(0, wallSeconds - $0) }
    }
}
