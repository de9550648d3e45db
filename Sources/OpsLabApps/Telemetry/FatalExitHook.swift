import Foundation
import Synchronization

/// Work to do right before a role ends its process on a fatal error (`exit`), such as exporting the spans
/// that record why. The pod entry point installs it; roles call ``run()``.
public enum FatalExitHook {
    private static let hook = Mutex<(@Sendable () -> Void)?>(nil)

    /// Installs the work to run before a fatal exit (replacing any earlier one).
    public static func install(_ work: @escaping @Sendable () -> Void) {
        hook.withLock { $0 = work }
    }

    /// Runs the installed work, if any, then waits `grace` so asynchronous exports can finish.
    public static func run(grace: Duration = .milliseconds(200)) {
        guard let work = hook.withLock({ $0 }) else { return }
        work()
        let (seconds, attoseconds) = grace.components
        usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
    }
}
