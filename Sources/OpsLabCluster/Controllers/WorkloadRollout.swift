import OpsLabKube

/// The arithmetic of a Deployment rollout, as pure functions: how far to scale the new ReplicaSet up
/// and the old ones down, given their counts and the strategy's limits.
public enum WorkloadRollout {
    /// The replica counts of one ReplicaSet that the rollout looks at.
    public struct ReplicaSetCounts: Sendable, Hashable {
        /// `spec.replicas`.
        public var replicas: Int
        /// `status.availableReplicas`.
        public var available: Int
        /// `status.replicas`: pods that still exist (used by Recreate to wait for old pods to go).
        public var current: Int

        /// Creates counts; `current` defaults to `replicas`.
        public init(replicas: Int, available: Int, current: Int? = nil) {
            self.replicas = replicas
            self.available = available
            self.current = current ?? replicas
        }
    }

    /// The outcome of one rollout step: the `spec.replicas` each ReplicaSet should have.
    public struct Step: Sendable, Hashable {
        /// Target replicas of the new ReplicaSet.
        public var newReplicas: Int
        /// Target replicas of each old ReplicaSet, in the order given.
        public var oldReplicas: [Int]
    }

    /// Resolves an absolute or percentage value against `total`; percentages round up or down.
    public static func scaledValue(
        _ value: IntOrString?, total: Int, roundUp: Bool, defaultValue: String = "25%"
    )
        -> Int
    {
        let resolved = value ?? .string(defaultValue)
        switch resolved {
        case .int(let number):
            return max(0, number)
        case .string(let text):
            let trimmed = text.trimmingSuffix("%")
            guard let percent = Int(trimmed) else { return 0 }
            if trimmed == text { return max(0, percent) }
            let product = max(0, percent) * max(0, total)
            return roundUp ? (product + 99) / 100 : product / 100
        }
    }

    /// `maxSurge` (rounded up) and `maxUnavailable` (rounded down) for `replicas`, both 25% by default.
    ///
    /// When both resolve to 0, `maxUnavailable` becomes 1 so that the rollout can make progress.
    public static func limits(
        maxSurge: IntOrString?, maxUnavailable: IntOrString?, replicas: Int
    )
        -> (surge: Int, unavailable: Int)
    {
        let surge = scaledValue(maxSurge, total: replicas, roundUp: true)
        var unavailable = scaledValue(maxUnavailable, total: replicas, roundUp: false)
        if surge == 0 && unavailable == 0 { unavailable = 1 }
        return (surge, min(unavailable, replicas))
    }

    /// One RollingUpdate step. The new ReplicaSet is scaled first (up to `desired + surge` pods in total);
    /// only when it needs no change are old ones scaled down, first their unavailable pods, then as many
    /// available ones as keep `desired - unavailable` pods available. Old sets are given oldest first.
    public static func rollingStep(
        desired: Int, surge: Int, unavailable: Int, new: ReplicaSetCounts, old: [ReplicaSetCounts]
    ) -> Step {
        var step = Step(newReplicas: new.replicas, oldReplicas: old.map(\.replicas))
        let total = new.replicas + old.reduce(0) { $0 + $1.replicas }
        if new.replicas > desired {
            step.newReplicas = desired
            return step
        }
        if new.replicas < desired {
            let maxTotal = desired + surge
            if total < maxTotal {
                step.newReplicas = new.replicas + min(maxTotal - total, desired - new.replicas)
                return step
            }
        }
        let minAvailable = desired - unavailable
        let newUnavailable = new.replicas - new.available
        let maxScaledDown = total - minAvailable - newUnavailable
        guard maxScaledDown > 0 else { return step }
        // First drop old pods that are not available: that costs no availability.
        var cleaned = 0
        for index in old.indices where cleaned < maxScaledDown {
            let spare = step.oldReplicas[index] - min(old[index].available, step.oldReplicas[index])
            guard step.oldReplicas[index] > 0, spare > 0 else { continue }
            let count = min(maxScaledDown - cleaned, spare)
            step.oldReplicas[index] -= count
            cleaned += count
        }
        // Then scale down available old pods while availability stays at the minimum.
        let availableNow = new.available + old.indices.reduce(0) { $0 + min(old[$1].available, step.oldReplicas[$1]) }
        guard availableNow > minAvailable else { return step }
        let budget = min(availableNow - minAvailable, maxScaledDown - cleaned)
        var scaled = 0
        for index in old.indices where scaled < budget && step.oldReplicas[index] > 0 {
            let count = min(step.oldReplicas[index], budget - scaled)
            step.oldReplicas[index] -= count
            scaled += count
        }
        return step
    }

    /// One Recreate step: scale every old ReplicaSet to 0, wait until their pods are gone, then scale
    /// the new one to `desired`.
    public static func recreateStep(desired: Int, new: ReplicaSetCounts, old: [ReplicaSetCounts]) -> Step {
        let oldPods = old.reduce(0) { $0 + max($1.replicas, $1.current) }
        return Step(newReplicas: oldPods == 0 ? desired : new.replicas, oldReplicas: old.map { _ in 0 })
    }

    /// Whether a rollout is complete: every desired replica is updated and available and no old pods remain.
    public static func isComplete(desired: Int, updated: Int, available: Int, total: Int) -> Bool {
        updated == desired && available >= desired && total == desired
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
