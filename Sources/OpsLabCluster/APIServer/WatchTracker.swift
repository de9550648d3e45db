import Synchronization

/// Counts the watch streams an ``APIRouter`` is serving, so a test (or a status page) can tell that a watch
/// whose client went away was really torn down.
final class WatchTracker: Sendable {
    private let count = Mutex(0)

    /// The number of watches being served now.
    var active: Int { count.withLock { $0 } }

    /// Runs `body` as one active watch.
    func track(_ body: () async -> Void) async {
        count.withLock { $0 += 1 }
        await body()
        count.withLock { $0 -= 1 }
    }
}
