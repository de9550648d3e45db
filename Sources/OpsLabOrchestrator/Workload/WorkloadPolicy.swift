import Foundation
import OpsLabCore
import OpsLabWorkload

/// The background workload of a problem and how the session waits for the fault's symptoms.
///
/// Order of a session's setup: the app is Ready → the workload starts at ``rate`` → ``warmUp`` passes (the
/// baseline traffic an operator would see before things went wrong) → the fault is injected → the session waits
/// as ``wait`` says → the agent starts. The workload keeps running until teardown. Per-problem defaults come from
/// ``WorkloadPolicyTable``; ``OrchestratorConfiguration`` and `opslab run` flags override them.
public struct WorkloadPolicy: Sendable, Hashable {
    /// Requests per second over all connections (wrk2's `-R`); 0 runs no workload.
    public var rate: Double
    /// How gaps between requests are drawn (AIOpsLab runs wrk2 with `-D exp`).
    public var distribution: InterArrivalDistribution
    /// Keep-alive connections (wrk2's `-c`; AIOpsLab uses 2).
    public var connections: Int
    /// How long the workload runs before the fault is injected.
    public var warmUp: Duration
    /// How long to wait after the injection before the agent starts.
    public var wait: InjectionWait

    /// AIOpsLab's typical wrk2 rate: 10 requests per second.
    public static let defaultRate: Double = 10
    /// The default warm-up before injection.
    public static let defaultWarmUp: Duration = .seconds(1)

    /// Creates a policy.
    public init(
        rate: Double = WorkloadPolicy.defaultRate, distribution: InterArrivalDistribution = .exponential,
        connections: Int = 2, warmUp: Duration = WorkloadPolicy.defaultWarmUp, wait: InjectionWait = .none
    ) {
        self.rate = max(0, rate)
        self.distribution = distribution
        self.connections = max(1, connections)
        self.warmUp = warmUp
        self.wait = wait
    }

    /// `10 req/s exponential, 2 connections, warm-up 1 s; wait until … (at most 20 s)`.
    public var summary: String {
        let load =
            rate > 0
            ? "\(Self.number(rate)) req/s \(distribution == .exponential ? "exponential" : "fixed"), "
                + "\(connections) connections, warm-up \(Self.secondsText(warmUp))"
            : "no workload"
        return "\(load); wait after injection: \(wait.summary)"
    }

    /// The results-file form: `rate`, `distribution`, `connections`, `warm_up` (seconds), `wait_after_injection`.
    public var json: JSONValue {
        [
            "rate": .double(rate), "distribution": .string(distribution == .exponential ? "exponential" : "fixed"),
            "connections": .int(Int64(connections)), "warm_up": .double(Self.seconds(warmUp)),
            "wait_after_injection": wait.json,
        ]
    }

    /// A duration in seconds.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// `1 s`, `0.5 s`.
    static func secondsText(_ duration: Duration) -> String { "\(number(seconds(duration))) s" }

    /// `10`, `2.5`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%g", value)
    }
}
