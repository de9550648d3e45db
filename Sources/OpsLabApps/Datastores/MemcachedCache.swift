import Foundation

/// memcached's item store as a value: LRU order, a memory limit, expiry, CAS ids and statistics.
///
/// Time is passed in (unix seconds) so tests control it. Expiry times follow memcached: 0 never expires,
/// up to 30 days is relative to now, larger is an absolute unix time, negative is already expired.
public struct MemcachedCache: Sendable {
    /// One stored item.
    public struct Item: Sendable, Equatable {
        /// The value bytes.
        public var value: [UInt8]
        /// The client's opaque flags.
        public var flags: UInt32
        /// Absolute expiry (unix seconds), 0 for never.
        public var expiresAt: Int64
        /// The CAS unique.
        public var cas: UInt64
    }

    /// Counters as `stats` reports them.
    public struct Statistics: Sendable, Equatable {
        /// get hits.
        public var getHits = 0
        /// get misses.
        public var getMisses = 0
        /// Items evicted to make room.
        public var evictions = 0
        /// Items stored since start.
        public var totalItems = 0
        /// Items that expired and were reclaimed.
        public var reclaimed = 0
    }

    private struct Node: Sendable {
        var key: String
        var item: Item
        var previous: Int?
        var next: Int?
    }

    /// The memory limit in bytes (`-m` megabytes).
    public let limitBytes: Int
    /// The largest item accepted (1 MB, memcached's default `-I`).
    public let maxItemSize: Int
    /// Counters.
    public private(set) var statistics = Statistics()
    /// Bytes used by items (key + value + a fixed overhead each).
    public private(set) var bytes = 0
    private var index: [String: Int] = [:]
    private var nodes: [Node?] = []
    private var free: [Int] = []
    private var head: Int?
    private var tail: Int?
    private var nextCas: UInt64 = 1
    /// Items stored before this time are invalid (`flush_all`).
    private var flushedBefore: Int64?

    /// Per-item bookkeeping bytes, roughly memcached's item header.
    public static let overhead = 56

    /// Creates an empty cache.
    public init(limitBytes: Int, maxItemSize: Int = 1 << 20) {
        self.limitBytes = limitBytes
        self.maxItemSize = maxItemSize
    }

    /// The number of live items.
    public var count: Int { index.count }

    /// Converts a protocol expiry time into an absolute time.
    public static func absoluteExpiry(_ exptime: Int64, now: Int64) -> Int64 {
        if exptime == 0 { return 0 }
        if exptime < 0 { return now - 1 }
        return exptime <= 2_592_000 ? now + exptime : exptime
    }

    /// Looks a key up (counts a hit or miss and refreshes its LRU position).
    public mutating func get(_ key: String, now: Int64) -> Item? {
        guard let slot = live(key, now: now) else {
            statistics.getMisses += 1
            return nil
        }
        statistics.getHits += 1
        moveToFront(slot)
        return nodes[slot]!.item
    }

    /// Looks a key up without touching statistics or LRU order.
    public func peek(_ key: String, now: Int64) -> Item? {
        guard let slot = index[key], let node = nodes[slot], isLive(node.item, now: now) else { return nil }
        return node.item
    }

    /// The result of a storage command.
    public enum StoreResult: String, Sendable {
        /// `STORED`.
        case stored = "STORED"
        /// `NOT_STORED` (add on an existing key, replace/append on a missing one).
        case notStored = "NOT_STORED"
        /// `EXISTS` (cas mismatch).
        case exists = "EXISTS"
        /// `NOT_FOUND` (cas on a missing key).
        case notFound = "NOT_FOUND"
        /// The item is larger than the item size limit.
        case tooLarge = "SERVER_ERROR object too large for cache"
    }

    /// Runs `set`, `add`, `replace`, `append`, `prepend` or `cas`.
    public mutating func store(
        _ mode: String, key: String, value: [UInt8], flags: UInt32, exptime: Int64, cas: UInt64? = nil, now: Int64
    ) -> StoreResult {
        let existing = live(key, now: now)
        var newValue = value
        var newFlags = flags
        var expiresAt = Self.absoluteExpiry(exptime, now: now)
        switch mode {
        case "add": if existing != nil { return .notStored }
        case "replace": if existing == nil { return .notStored }
        case "append", "prepend":
            guard let existing, let item = nodes[existing]?.item else { return .notStored }
            newValue = mode == "append" ? item.value + value : value + item.value
            newFlags = item.flags
            expiresAt = item.expiresAt
        case "cas":
            guard let existing, let item = nodes[existing]?.item else { return .notFound }
            if item.cas != cas { return .exists }
        default: break
        }
        guard key.utf8.count + newValue.count + Self.overhead <= min(maxItemSize + 300, limitBytes) else {
            return .tooLarge
        }
        put(key, Item(value: newValue, flags: newFlags, expiresAt: expiresAt, cas: takeCas()))
        statistics.totalItems += 1
        return .stored
    }

    /// Removes a key; `false` when it was not there.
    public mutating func delete(_ key: String, now: Int64) -> Bool {
        guard let slot = live(key, now: now) else { return false }
        remove(slot)
        return true
    }

    /// The result of `incr`/`decr`.
    public enum ArithmeticResult: Equatable, Sendable {
        /// The new value.
        case value(UInt64)
        /// The key is missing.
        case notFound
        /// The value is not a decimal number.
        case nonNumeric
    }

    /// `incr` (or with `decrement`, `decr`, which stops at 0); the new value keeps the old length padding rules
    /// of memcached loosely (it is stored as plain decimal text).
    public mutating func arithmetic(_ key: String, delta: UInt64, decrement: Bool, now: Int64) -> ArithmeticResult {
        guard let slot = live(key, now: now), var item = nodes[slot]?.item else { return .notFound }
        guard let text = String(bytes: item.value, encoding: .ascii),
            let current = UInt64(text.trimmingCharacters(in: .whitespaces))
        else { return .nonNumeric }
        let result = decrement ? (current >= delta ? current - delta : 0) : current &+ delta
        item.value = Array(String(result).utf8)
        item.cas = takeCas()
        put(key, item)
        return .value(result)
    }

    /// Sets a new expiry on an existing key; `false` when missing.
    public mutating func touch(_ key: String, exptime: Int64, now: Int64) -> Bool {
        guard let slot = live(key, now: now) else { return false }
        nodes[slot]!.item.expiresAt = Self.absoluteExpiry(exptime, now: now)
        moveToFront(slot)
        return true
    }

    /// Invalidates every item (now, or after `delay` seconds).
    public mutating func flushAll(delay: Int64 = 0, now: Int64) {
        if delay > 0 {
            flushedBefore = now + delay
            return
        }
        for slot in nodes.indices where nodes[slot] != nil { remove(slot) }
        flushedBefore = nil
    }

    private mutating func takeCas() -> UInt64 {
        defer { nextCas += 1 }
        return nextCas
    }

    private func isLive(_ item: Item, now: Int64) -> Bool {
        if item.expiresAt != 0 && item.expiresAt <= now { return false }
        if let flushedBefore, now >= flushedBefore { return false }
        return true
    }

    /// The slot of a live key; an expired one is reclaimed.
    private mutating func live(_ key: String, now: Int64) -> Int? {
        if let flushedBefore, now >= flushedBefore { flushAll(now: now) }
        guard let slot = index[key], let node = nodes[slot] else { return nil }
        guard isLive(node.item, now: now) else {
            remove(slot)
            statistics.reclaimed += 1
            return nil
        }
        return slot
    }

    private static func size(_ key: String, _ item: Item) -> Int { key.utf8.count + item.value.count + overhead }

    private mutating func put(_ key: String, _ item: Item) {
        if let slot = index[key] { remove(slot) }
        let needed = Self.size(key, item)
        while bytes + needed > limitBytes, let last = tail {
            remove(last)
            statistics.evictions += 1
        }
        let node = Node(key: key, item: item, previous: nil, next: head)
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            nodes[slot] = node
        } else {
            slot = nodes.count
            nodes.append(node)
        }
        if let head { nodes[head]!.previous = slot }
        head = slot
        if tail == nil { tail = slot }
        index[key] = slot
        bytes += needed
    }

    private mutating func remove(_ slot: Int) {
        guard let node = nodes[slot] else { return }
        unlink(slot)
        index[node.key] = nil
        bytes -= Self.size(node.key, node.item)
        nodes[slot] = nil
        free.append(slot)
    }

    private mutating func unlink(_ slot: Int) {
        let node = nodes[slot]!
        if let previous = node.previous { nodes[previous]!.next = node.next } else { head = node.next }
        if let next = node.next { nodes[next]!.previous = node.previous } else { tail = node.previous }
        nodes[slot]!.previous = nil
        nodes[slot]!.next = nil
    }

    private mutating func moveToFront(_ slot: Int) {
        guard head != slot else { return }
        unlink(slot)
        nodes[slot]!.next = head
        if let head { nodes[head]!.previous = slot }
        head = slot
        if tail == nil { tail = slot }
    }
}
