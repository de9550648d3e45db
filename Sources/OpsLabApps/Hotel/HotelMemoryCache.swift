import Foundation
import OpsLabCore

/// An in-memory ``HotelCache`` that counts its hits and misses (tests and demos).
public final class HotelMemoryCache: HotelCache, @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String] = [:]
    private var hitCount = 0
    private var missCount = 0

    /// Creates an empty cache.
    public init() {}

    /// Hits and misses so far.
    public var stats: (hits: Int, misses: Int) { lock.withLock { (hitCount, missCount) } }

    public func get(_ key: String) async throws -> String? {
        lock.withLock {
            let value = values[key]
            if value == nil { missCount += 1 } else { hitCount += 1 }
            return value
        }
    }

    public func getMulti(_ keys: [String]) async throws -> [String: String] {
        var result: [String: String] = [:]
        for key in keys { result[key] = try await get(key) }
        return result
    }

    public func set(_ key: String, _ value: String) async throws {
        lock.withLock { values[key] = value }
    }
}
