/// A fixed-capacity ring buffer of samples in time order; when full, the oldest sample is overwritten.
struct SampleRing: Sendable {
    private var storage: [StoredSample] = []
    private var head = 0
    private(set) var count = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The sample at logical index `index` (0 = oldest).
    subscript(index: Int) -> StoredSample { storage[(head + index) % storage.count] }

    var first: StoredSample? { count > 0 ? self[0] : nil }
    var last: StoredSample? { count > 0 ? self[count - 1] : nil }

    /// Appends, overwriting the oldest sample when full; returns whether one was overwritten.
    ///
    /// Storage grows by doubling up to the capacity, so short series stay small.
    @discardableResult
    mutating func append(_ sample: StoredSample) -> Bool {
        if count == storage.count {
            guard storage.count < capacity else {
                storage[head] = sample
                head = (head + 1) % storage.count
                return true
            }
            let newSize = min(capacity, max(8, storage.count * 2))
            var grown: [StoredSample] = []
            grown.reserveCapacity(newSize)
            for index in 0..<count { grown.append(self[index]) }
            grown.append(contentsOf: repeatElement(StoredSample(timestampMs: 0, value: 0), count: newSize - count))
            storage = grown
            head = 0
        }
        storage[(head + count) % storage.count] = sample
        count += 1
        return false
    }

    /// Drops samples older than `minTimestampMs`; returns how many.
    @discardableResult
    mutating func dropBefore(_ minTimestampMs: Int64) -> Int {
        var dropped = 0
        while count > 0 && self[0].timestampMs < minTimestampMs {
            head = (head + 1) % storage.count
            count -= 1
            dropped += 1
        }
        if count == 0 {
            storage.removeAll(keepingCapacity: false)
            head = 0
        }
        return dropped
    }

    /// The first logical index whose timestamp is `>= timestampMs` (binary search).
    func lowerBound(_ timestampMs: Int64) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid].timestampMs < timestampMs { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The samples with `startMs <= t <= endMs`.
    func samples(from startMs: Int64, through endMs: Int64) -> [StoredSample] {
        let from = lowerBound(startMs)
        let to = lowerBound(endMs == .max ? .max : endMs + 1)
        guard from < to else { return [] }
        return (from..<to).map { self[$0] }
    }

    /// Bytes held by the buffer (approximate).
    var allocatedBytes: Int { storage.capacity * MemoryLayout<StoredSample>.stride }
}
