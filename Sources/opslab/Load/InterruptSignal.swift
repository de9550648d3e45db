import Dispatch
import Foundation

/// Turns SIGINT (Ctrl-C) into cancelling a task, so a load run stops cleanly and still prints its results.
///
/// `@unchecked Sendable`: the only state is the dispatch source, which is thread-safe.
final class InterruptSignal: @unchecked Sendable {
    private let source: any DispatchSourceSignal

    /// Cancels `task` on the first SIGINT; a second SIGINT exits at once.
    init<Success: Sendable>(cancelling task: Task<Success, any Error>) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        nonisolated(unsafe) var seen = false
        source.setEventHandler {
            if seen { exit(130) }
            seen = true
            task.cancel()
        }
        source.resume()
        self.source = source
    }

    /// Restores the default SIGINT behaviour.
    func restore() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
