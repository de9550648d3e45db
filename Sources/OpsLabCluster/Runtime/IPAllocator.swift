/// Hands out loopback addresses inside a cluster's block: ClusterIPs in `127.B.0.2-254`,
/// pod IPs in `127.B.1.1` to `127.B.254.254` (`127.B.255.x` are the nodes).
///
/// A released address is not reused until the others are exhausted, so a restarted pod's old IP does not
/// turn up on an unrelated pod at once.
public struct IPAllocator: Sendable {
    /// Which range an address comes from.
    public enum Pool: Sendable {
        case service
        case pod
    }

    /// The block's second octet.
    public let block: UInt8
    private var used: Set<UInt32> = []
    private var nextService: UInt32 = 2
    private var nextPod: UInt32 = 256 + 1

    /// Creates an allocator for `127.<block>.0.0/16`.
    public init(block: UInt8) {
        self.block = block
    }

    /// Takes a free address from a pool, or `nil` when it is exhausted.
    public mutating func allocate(_ pool: Pool) -> String? {
        let range: ClosedRange<UInt32> = pool == .service ? 2...254 : 257...65_279
        let start = pool == .service ? nextService : nextPod
        var candidate = start
        for _ in 0..<range.count {
            if !range.contains(candidate) { candidate = range.lowerBound }
            let low = candidate & 0xFF
            if low != 0 && low != 255 && !used.contains(candidate) {
                used.insert(candidate)
                if pool == .service { nextService = candidate + 1 } else { nextPod = candidate + 1 }
                return render(candidate)
            }
            candidate += 1
        }
        return nil
    }

    /// Marks an address as taken (e.g. a ClusterIP a manifest asked for). Returns false when it was taken.
    @discardableResult
    public mutating func reserve(_ address: String) -> Bool {
        guard let offset = offset(of: address) else { return false }
        return used.insert(offset).inserted
    }

    /// Gives an address back.
    public mutating func release(_ address: String) {
        if let offset = offset(of: address) { used.remove(offset) }
    }

    /// Whether an address lies inside this block.
    public func contains(_ address: String) -> Bool { offset(of: address) != nil }

    private func render(_ offset: UInt32) -> String {
        "127.\(block).\(offset >> 8).\(offset & 0xFF)"
    }

    private func offset(of address: String) -> UInt32? {
        let parts = address.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count == 4, parts[0] == 127, parts[1] == UInt32(block), parts[2] < 256, parts[3] < 256 else {
            return nil
        }
        return parts[2] << 8 | parts[3]
    }
}
