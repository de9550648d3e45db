import Foundation

/// The kubelet's restart back-off for one container, as a value: 10 s doubling to 5 min, forgotten after
/// 10 min without a restart.
///
/// Mirrors client-go's `flowcontrol.Backoff` as the kubelet uses it. After a container exits, ask
/// ``delay(at:)``: 0 means restart now, otherwise wait that long (the container is in `CrashLoopBackOff`).
/// Call ``recordRestart(at:)`` when the container is actually restarted. The first restart is immediate;
/// then the waits are 10, 20, 40, … 300 seconds.
public struct CrashLoopBackoff: Sendable, Hashable {
    /// The first back-off period.
    public var initial: TimeInterval
    /// The longest back-off period.
    public var maximum: TimeInterval
    /// The current back-off period, or `nil` before the first restart.
    public private(set) var current: TimeInterval?
    /// When the back-off was last advanced.
    public private(set) var lastUpdate: Date?

    /// Creates a back-off with Kubernetes' defaults (10 s, capped at 300 s).
    public init(initial: TimeInterval = 10, maximum: TimeInterval = 300) {
        self.initial = initial
        self.maximum = maximum
    }

    /// Whether the entry has expired: more than 2 × ``maximum`` since the last restart.
    public func isExpired(at now: Date) -> Bool {
        guard let lastUpdate else { return true }
        return now.timeIntervalSince(lastUpdate) > 2 * maximum
    }

    /// How long to wait at `now` before the next restart; 0 when the container may restart at once.
    public func delay(at now: Date) -> TimeInterval {
        guard let current, let lastUpdate, !isExpired(at: now) else { return 0 }
        let elapsed = now.timeIntervalSince(lastUpdate)
        return elapsed < current ? current - elapsed : 0
    }

    /// Advances the back-off when the container restarts at `now`: the first restart (or the first after
    /// expiry) sets it to ``initial``, each later one doubles it up to ``maximum``.
    public mutating func recordRestart(at now: Date) {
        if let current, !isExpired(at: now) {
            self.current = min(current * 2, maximum)
        } else {
            self.current = initial
        }
        lastUpdate = now
    }

    /// Renders seconds as Go's `time.Duration` does: `10s`, `1m20s`, `5m0s`, `1h0m0s`, `1.5s`.
    public static func goDuration(_ seconds: TimeInterval) -> String {
        if seconds < 60 {
            if seconds == seconds.rounded() { return "\(Int(seconds))s" }
            var text = String(format: "%.3f", seconds)
            while text.hasSuffix("0") { text.removeLast() }
            return text + "s"
        }
        let total = Int(seconds.rounded())
        let hours = total / 3600
        let minutes = (total % 3600) / 60
        let secs = total % 60
        return hours > 0 ? "\(hours)h\(minutes)m\(secs)s" : "\(minutes)m\(secs)s"
    }
}
