import Foundation
import NIOCore
import Synchronization

/// A memcached client for the hotel services (gomemcache's role): text protocol over pooled TCP connections.
///
/// `address` is `host:port` (a Service name such as `memcached-rate:11211`, resolved through the resolver, or
/// an IP). A miss is `nil`, not an error. Failures throw ``MemcachedClientError`` whose text reads like Go's
/// (`dial tcp 127.5.0.9:11211: connect: connection refused`, `lookup memcached-rate: no such host`).
///
/// Every call runs in a cache client span and is counted in ``telemetry`` (`cache_operations_total`: hits and
/// misses per key read, see ``RoleTelemetry/observeCache(operation:server:port:_:)``).
public struct MemcachedClient: Sendable {
    /// `host:port`.
    public let address: String
    /// The per-request timeout (the original's `MEMC_TIMEOUT`, 2 s).
    public let timeout: Duration
    /// Where cache metrics and spans go.
    public let telemetry: RoleTelemetry
    private let pool: MemcachedConnectionPool

    /// Creates a client; no connection is made until the first request.
    ///
    /// - Parameter telemetry: the role's telemetry; ``RoleTelemetry/processDefault`` when omitted.
    public init(
        address: String, resolver: ServiceResolver?, timeout: Duration = .seconds(2), telemetry: RoleTelemetry? = nil
    ) {
        self.address = address
        self.timeout = timeout
        self.telemetry = telemetry ?? .processDefault
        self.pool = MemcachedConnectionPool(address: address, resolver: resolver, timeout: timeout)
    }

    /// The value of `key`, or `nil` on a miss.
    public func get(_ key: String) async throws -> Data? {
        try await observe("get") {
            let values = try await fetch([key])
            return (values[key], values.count, 1 - values.count)
        }
    }

    /// The values of the keys that hit (one `get k1 k2 …` round trip).
    public func getMulti(_ keys: [String]) async throws -> [String: Data] {
        guard !keys.isEmpty else { return [:] }
        return try await observe("get_multi") {
            let values = try await fetch(keys)
            return (values, values.count, keys.count - values.count)
        }
    }

    /// Stores a value; `expiration` in seconds (0 never expires).
    public func set(_ key: String, _ value: Data, expiration: Int = 0) async throws {
        try await observe("set") {
            try Self.validate(key)
            let reply = try await pool.exchange(
                "set \(key) 0 \(expiration) \(value.count)\r\n", data: value, expectation: .line
            )
            guard case .line("STORED") = reply else { throw MemcachedClientError.unexpected("set", reply) }
            return ((), 0, 0)
        }
    }

    /// Deletes a key; a missing key is not an error.
    public func delete(_ key: String) async throws {
        try await observe("delete") {
            try Self.validate(key)
            let reply = try await pool.exchange("delete \(key)\r\n", data: nil, expectation: .line)
            switch reply {
            case .line("DELETED"), .line("NOT_FOUND"): return ((), 0, 0)
            default: throw MemcachedClientError.unexpected("delete", reply)
            }
        }
    }

    /// The values of the keys that hit, without telemetry.
    private func fetch(_ keys: [String]) async throws -> [String: Data] {
        try keys.forEach(Self.validate)
        let reply = try await pool.exchange("get \(keys.joined(separator: " "))\r\n", data: nil, expectation: .values)
        guard case .values(let values) = reply else { return [:] }
        return values
    }

    /// Runs one call under ``telemetry``'s cache span and counters.
    private func observe<Result: Sendable>(
        _ operation: String, _ perform: @Sendable () async throws -> (result: Result, hits: Int, misses: Int)
    ) async throws -> Result {
        let colon = address.lastIndex(of: ":")
        let server = colon.map { String(address[..<$0]) } ?? address
        let port = colon.flatMap { Int(address[address.index(after: $0)...]) } ?? 11211
        return try await telemetry.observeCache(operation: operation, server: server, port: port, perform)
    }

    /// Closes idle connections.
    public func close() {
        pool.close()
    }

    static func validate(_ key: String) throws {
        guard !key.isEmpty, key.utf8.count <= 250, key.utf8.allSatisfy({ $0 > 32 && $0 != 127 }) else {
            throw MemcachedClientError(message: "malformed: key is too long or contains invalid characters")
        }
    }
}

/// A memcached request failed; `message` reads like gomemcache's or Go's net errors.
public struct MemcachedClientError: Error, Sendable, CustomStringConvertible {
    /// The text.
    public var message: String
    /// The transport error, when the server could not be reached or the connection failed.
    public var underlying: RoleHTTPClientError?

    /// Creates an error.
    public init(message: String, underlying: RoleHTTPClientError? = nil) {
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }

    static func unexpected(_ command: String, _ reply: MemcachedReply) -> MemcachedClientError {
        let line: String
        switch reply {
        case .line(let text): line = text
        case .values: line = "VALUE"
        }
        return MemcachedClientError(
            message: "memcache: unexpected response line from \"\(command)\": \"\(line)\\r\\n\"")
    }
}

/// Idle connections to one memcached address.
final class MemcachedConnectionPool: Sendable {
    let address: String
    let resolver: ServiceResolver?
    let timeout: Duration
    private let idle = Mutex<[any Channel]>([])

    init(address: String, resolver: ServiceResolver?, timeout: Duration) {
        self.address = address
        self.resolver = resolver
        self.timeout = timeout
    }

    deinit { close() }

    func close() {
        let channels = idle.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for channel in channels { channel.close(promise: nil) }
    }

    func exchange(_ line: String, data: Data?, expectation: MemcachedExpectation) async throws -> MemcachedReply {
        var bytes = ByteBuffer(string: line)
        if let data {
            bytes.writeBytes(data)
            bytes.writeString("\r\n")
        }
        do {
            if let channel = takeIdle() {
                do {
                    return try await send(bytes, expectation: expectation, on: channel)
                } catch let error as RoleHTTPClientError where error.kind == .eof {
                    // A stale idle connection; retry on a fresh one.
                }
            }
            return try await send(bytes, expectation: expectation, on: try await connect())
        } catch let error as RoleHTTPClientError {
            throw MemcachedClientError(message: error.message, underlying: error)
        }
    }

    private func send(
        _ bytes: ByteBuffer, expectation: MemcachedExpectation, on channel: any Channel
    ) async throws
        -> MemcachedReply
    {
        let promise = channel.eventLoop.makePromise(of: MemcachedReply.self)
        let exchange = MemcachedExchange(
            bytes: bytes, expectation: expectation,
            timeout: NetDial.timeAmount(timeout), promise: promise)
        channel.writeAndFlush(exchange).whenFailure { _ in
            promise.fail(RoleHTTPClientError(kind: .eof, message: "EOF"))
        }
        let reply = try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
        let kept = idle.withLock { list -> Bool in
            guard list.count < 32 else { return false }
            list.append(channel)
            return true
        }
        if !kept { channel.close(promise: nil) }
        return reply
    }

    private func takeIdle() -> (any Channel)? {
        idle.withLock { list in
            while let channel = list.popLast() {
                if channel.isActive { return channel }
            }
            return nil
        }
    }

    private func connect() async throws -> any Channel {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw RoleHTTPClientError(kind: .invalidURL, message: "address \(address): missing port in address")
        }
        let host = String(address[..<colon])
        let ip: String?
        if ServiceResolver.isIPv4(host) {
            ip = host
        } else if host == "localhost" {
            ip = "127.0.0.1"
        } else {
            ip = resolver?.resolve(host)
        }
        guard let ip else { throw RoleHTTPClientError(kind: .noSuchHost, message: "lookup \(host): no such host") }
        return try await NetDial.connect(ip: ip, port: port, timeout: timeout) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(MemcachedClientHandler())
            }
        }
    }
}
