import Foundation

/// Which container a series belongs to: `namespace/pod/container`, as the kubelet's pid table names it.
public struct ContainerKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The pod's namespace.
    public var namespace: String
    /// The pod's name.
    public var pod: String
    /// The container's name.
    public var container: String

    /// Creates a key.
    public init(namespace: String, pod: String, container: String) {
        self.namespace = namespace
        self.pod = pod
        self.container = container
    }

    /// `namespace/pod/container`.
    public var description: String { "\(namespace)/\(pod)/\(container)" }

    /// Orders by namespace, pod, container.
    public static func < (left: Self, right: Self) -> Bool {
        (left.namespace, left.pod, left.container) < (right.namespace, right.pod, right.container)
    }
}

/// A running container instance the sampler should measure: its key and its process group (the pid of its
/// first process, which leads the group).
public struct ContainerProcessRef: Sendable, Hashable {
    /// The container.
    public var key: ContainerKey
    /// The process group id.
    public var pid: Int32

    /// Creates a reference.
    public init(key: ContainerKey, pid: Int32) {
        self.key = key
        self.pid = pid
    }
}

/// One measurement of one container instance.
public struct ContainerSample: Sendable, Equatable {
    /// When it was taken.
    public var timestamp: Date
    /// The instance's process group id; a new id means a restarted container and a new series.
    public var pid: Int32
    /// What the group used.
    public var usage: ProcessGroupUsage

    /// Creates a sample.
    public init(timestamp: Date, pid: Int32, usage: ProcessGroupUsage) {
        self.timestamp = timestamp
        self.pid = pid
        self.usage = usage
    }
}

/// A CPU rate computed from two samples of the same instance, as metrics-server computes it.
public struct ContainerRate: Sendable, Equatable {
    /// The newer sample (its timestamp is the metric's `timestamp`, its memory the metric's memory).
    public var latest: ContainerSample
    /// The time between the two samples (the metric's `window`).
    public var window: TimeInterval
    /// CPU cores used on average over the window.
    public var cores: Double
}

/// The bounded history of samples per container, as a value: recording keeps counters monotonic within an
/// instance, starts a new series when the instance changes, and forgets containers that stopped.
public struct ContainerStatsHistory: Sendable {
    /// How many samples are kept per container.
    public var limit: Int
    /// The samples per container, oldest first.
    public private(set) var series: [ContainerKey: [ContainerSample]] = [:]

    /// Creates an empty history keeping `limit` samples per container (at least 2, for rates).
    public init(limit: Int = 12) {
        self.limit = max(limit, 2)
    }

    /// Records one sampling pass: `samples` for the containers measured, `running` the containers that are
    /// still running (a running container that could not be measured this time keeps its history).
    public mutating func record(_ samples: [ContainerKey: ContainerSample], running: Set<ContainerKey>) {
        for key in series.keys where !running.contains(key) && samples[key] == nil { series[key] = nil }
        for (key, sample) in samples {
            var list = series[key] ?? []
            var sample = sample
            if let last = list.last {
                if last.pid != sample.pid {
                    list = []
                } else {
                    // Counters never go backwards: a child the group did not wait for takes its time with it.
                    sample.usage.userSeconds = max(sample.usage.userSeconds, last.usage.userSeconds)
                    sample.usage.systemSeconds = max(sample.usage.systemSeconds, last.usage.systemSeconds)
                }
            }
            list.append(sample)
            if list.count > limit { list.removeFirst(list.count - limit) }
            series[key] = list
        }
    }

    /// The newest sample of a container.
    public func latest(_ key: ContainerKey) -> ContainerSample? {
        series[key]?.last
    }

    /// The CPU rate of a container between its newest sample and the newest older one at least
    /// `minimumWindow` seconds before it; `nil` with fewer than two such samples.
    public func rate(_ key: ContainerKey, minimumWindow: TimeInterval) -> ContainerRate? {
        guard let list = series[key], let latest = list.last else { return nil }
        guard
            let earlier = list.dropLast().last(where: {
                latest.timestamp.timeIntervalSince($0.timestamp) >= minimumWindow
            })
        else { return nil }
        let window = latest.timestamp.timeIntervalSince(earlier.timestamp)
        let cores = max(latest.usage.cpuSeconds - earlier.usage.cpuSeconds, 0) / window
        return ContainerRate(latest: latest, window: window, cores: cores)
    }

    /// Whether a container has fewer than two samples (so it has no rate yet).
    public func isWarmingUp(_ key: ContainerKey) -> Bool {
        (series[key]?.count ?? 0) < 2
    }
}
