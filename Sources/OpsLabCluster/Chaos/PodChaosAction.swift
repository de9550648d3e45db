/// What a PodChaos does to its targets.
public enum PodChaosAction: String, Sendable, Hashable, CaseIterable {
    /// Deletes the pod (with `gracePeriod`); one-shot.
    case podKill = "pod-kill"
    /// Replaces every container's image with the pause image until the experiment stops.
    case podFailure = "pod-failure"
    /// SIGKILLs the selected containers' processes; one-shot.
    case containerKill = "container-kill"

    /// Whether the action happens once and has nothing to undo (`duration` is ignored).
    public var isOneShot: Bool { self != .podFailure }

    /// Whether records are per container (`<ns>/<pod>/<container>`) rather than per pod.
    public var targetsContainers: Bool { self == .containerKill }
}
