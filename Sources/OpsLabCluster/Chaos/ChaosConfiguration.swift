import Foundation

/// Settings of the embedded cluster's chaos controller.
public struct ChaosConfiguration: Sendable, Hashable {
    /// The seed of every random choice (mode `one`, `fixed`, …), mixed per experiment with its namespace and name.
    public var seed: UInt64
    /// How often every experiment is re-examined (durations end within this period of their deadline).
    public var resyncInterval: Duration
    /// The image pod-failure puts in place of every container's (Chaos Mesh's `POD_FAILURE_PAUSE_IMAGE`).
    public var pauseImage: String
    /// How long to wait before retrying a failed selection, apply or recover.
    public var retryInterval: TimeInterval

    /// Chaos Mesh's default pause image.
    public static let defaultPauseImage = "gcr.io/google-containers/pause:latest"

    /// Creates a configuration.
    public init(
        seed: UInt64 = 0, resyncInterval: Duration = .milliseconds(500), pauseImage: String = defaultPauseImage,
        retryInterval: TimeInterval = 2
    ) {
        self.seed = seed
        self.resyncInterval = resyncInterval
        self.pauseImage = pauseImage
        self.retryInterval = retryInterval
    }
}
