import Foundation
import OpsLabCore

/// A ``HotelCache`` over the `memcached` role (values are UTF-8 text).
public struct HotelMemcachedCache: HotelCache {
    /// The client.
    public var client: MemcachedClient

    /// Creates a cache.
    public init(client: MemcachedClient) {
        self.client = client
    }

    public func get(_ key: String) async throws -> String? {
        try await client.get(key).map { String(decoding: $0, as: UTF8.self) }
    }

    public func getMulti(_ keys: [String]) async throws -> [String: String] {
        try await client.getMulti(keys).mapValues { String(decoding: $0, as: UTF8.self) }
    }

    public func set(_ key: String, _ value: String) async throws {
        try await client.set(key, Data(value.utf8))
    }
}
