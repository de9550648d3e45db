import Foundation
import Logging
import OpsLabKube
import Synchronization

/// What every component of a running cluster shares: the store, the configuration, the clock,
/// the address allocator and a logger.
public final class ClusterContext: Sendable {
    /// The object store.
    public let store: ObjectStore
    /// The configuration.
    public let configuration: ClusterConfiguration
    /// The clock.
    public let now: @Sendable () -> Date
    /// The logger components derive theirs from.
    public let logger: Logger
    private let allocator: Mutex<IPAllocator>

    /// Creates a context.
    public init(
        store: ObjectStore, configuration: ClusterConfiguration, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.now = now
        self.allocator = Mutex(IPAllocator(block: configuration.block))
    }

    /// Takes a free address (ClusterIP or pod IP).
    public func allocateIP(_ pool: IPAllocator.Pool) -> String? {
        allocator.withLock { $0.allocate(pool) }
    }

    /// Reserves a specific address; false when taken or outside the block.
    public func reserveIP(_ address: String) -> Bool {
        allocator.withLock { $0.reserve(address) }
    }

    /// Returns an address to the pool.
    public func releaseIP(_ address: String) {
        allocator.withLock { $0.release(address) }
    }

    /// An event recorder for a component (`kubelet`, `default-scheduler`, `deployment-controller`, …).
    public func recorder(component: String, host: String? = nil) -> EventRecorder {
        EventRecorder(store: store, component: component, host: host, now: now)
    }
}
