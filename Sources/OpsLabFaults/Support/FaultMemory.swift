import Foundation
import OpsLabCore
import Synchronization

/// What a fault saw before it changed something (e.g. the original `targetPort`), so `recover` can put it back.
///
/// A reference shared by copies of a fault value; thread-safe.
public final class FaultMemory: Sendable {
    private let values = Mutex<[String: JSONValue]>([:])

    /// Creates an empty memory.
    public init() {}

    /// The value recorded under `key`, if any.
    public subscript(key: String) -> JSONValue? {
        values.withLock { $0[key] }
    }

    /// Records `value` under `key` unless something is recorded already (a second inject keeps the original).
    public func recordIfAbsent(_ key: String, _ value: JSONValue) {
        values.withLock { stored in
            if stored[key] == nil { stored[key] = value }
        }
    }

    /// Forgets everything (after a successful recover).
    public func clear() {
        values.withLock { $0.removeAll() }
    }
}
