import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// An HTTP/1.1 client for roles with a keep-alive connection pool per `ip:port`.
///
/// URLs look like `http://geo:8083/nearby?lat=1`; a host that is not an IPv4 literal is resolved through the
/// ``ServiceResolver`` (Service names → ClusterIP). Failures throw ``RoleHTTPClientError`` with Go-like text.
/// Any response, including 4xx/5xx, is returned, not thrown. The timeout bounds connecting and, separately,
/// waiting for the response. A request that fails on a reused idle connection before any response byte
/// arrived is retried once on a fresh connection (as Go's transport does for stale keep-alive connections).
///
/// Every call runs in a client span (child of `ServiceContext.current`), carries its `traceparent` header, and
/// is counted in ``telemetry`` under the peer service (see ``RoleTelemetry``).
public final class RoleHTTPClient: Sendable {
    /// Resolves Service names; `nil` resolves only IP literals and `localhost`.
    public let resolver: ServiceResolver?
    /// The connect timeout and the response timeout.
    public let timeout: Duration
    /// The most idle connections kept per `ip:port`.
    public let maxIdlePerHost: Int
    /// Where call metrics and spans go (also used by ``DocumentStoreClient`` for its operations).
    public let telemetry: RoleTelemetry
    private let idle = Mutex<[String: [any Channel]]>([:])

    /// Creates a client.
    ///
    /// - Parameter telemetry: the role's telemetry; ``RoleTelemetry/processDefault`` when omitted.
    public init(
        resolver: ServiceResolver?, timeout: Duration = .seconds(5), maxIdlePerHost: Int = 64,
        telemetry: RoleTelemetry? = nil
    ) {
        self.resolver = resolver
        self.timeout = timeout
        self.maxIdlePerHost = maxIdlePerHost
        self.telemetry = telemetry ?? .processDefault
    }

    deinit {
        close()
    }

    /// Closes every idle pooled connection (requests still in flight finish normally).
    public func close() {
        let channels = idle.withLock { pool in
            defer { pool.removeAll() }
            return pool.values.flatMap { $0 }
        }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Sends a request and returns the response (any status).
    ///
    /// - Parameters:
    ///   - method: e.g. `GET`, `POST`.
    ///   - url: `http://host[:port]/path[?query]`.
    ///   - headers: extra request headers; `Host`, `Content-Length` and `User-Agent` are added when missing.
    ///   - body: the request body, if any.
    /// - Throws: ``RoleHTTPClientError``, or `CancellationError` when the calling task is cancelled.
    public func send(
        _ method: String, _ url: String, headers: [(String, String)] = [], body: Data? = nil
    ) async throws -> RoleHTTPResponse {
        try await telemetry.observeClient(method: method, url: url, headers: headers) { headers in
            try await self.perform(method, url, headers: headers, body: body)
        }
    }

    /// Sends a request without telemetry (see ``send(_:_:headers:body:)``).
    private func perform(
        _ method: String, _ url: String, headers: [(String, String)], body: Data?
    ) async throws -> RoleHTTPResponse {
        guard let target = RoleURL(url) else {
            throw RoleHTTPClientError(
                kind: .invalidURL, message: "parse \"\(url)\": invalid URL", method: method,
                url: url)
        }
        guard let ip = address(of: target.host) else {
            throw RoleHTTPClientError(
                kind: .noSuchHost, message: "lookup \(target.host): no such host",
                method: method, url: url)
        }
        let head = requestHead(method: method, target: target, headers: headers, bodySize: body?.count)
        let buffer = body.map { ByteBuffer(bytes: $0) }
        let key = "\(ip):\(target.port)"
        do {
            if let channel = takeIdle(key) {
                do {
                    return try await exchange(on: channel, key: key, head: head, body: buffer)
                } catch let failure as ClientConnectionFailure where failure.nothingReceived {
                    // A stale keep-alive connection: try once more on a fresh one.
                }
            }
            let channel = try await connect(ip: ip, port: target.port)
            return try await exchange(on: channel, key: key, head: head, body: buffer)
        } catch let failure as ClientConnectionFailure {
            throw RoleHTTPClientError(kind: failure.kind, message: failure.message, method: method, url: url)
        } catch var error as RoleHTTPClientError {
            error.method = method
            error.url = url
            throw error
        }
    }

    /// The IPv4 address of a host, or `nil` when it does not resolve.
    public func address(of host: String) -> String? {
        if ServiceResolver.isIPv4(host) { return host }
        if host == "localhost" { return "127.0.0.1" }
        return resolver?.resolve(host)
    }

    private func requestHead(
        method: String, target: RoleURL, headers: [(String, String)], bodySize: Int?
    ) -> HTTPRequestHead {
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.add(name: name, value: value) }
        if !fields.contains(name: "Host") { fields.add(name: "Host", value: target.hostHeader) }
        if !fields.contains(name: "User-Agent") { fields.add(name: "User-Agent", value: "Go-http-client/1.1") }
        if let bodySize, !fields.contains(name: "Content-Length") {
            fields.add(name: "Content-Length", value: String(bodySize))
        } else if bodySize == nil, ["POST", "PUT", "PATCH"].contains(method.uppercased()),
            !fields.contains(name: "Content-Length")
        {
            fields.add(name: "Content-Length", value: "0")
        }
        return HTTPRequestHead(
            version: .http1_1, method: HTTPMethod(rawValue: method.uppercased()), uri: target.requestTarget,
            headers: fields
        )
    }

    private func exchange(
        on channel: any Channel, key: String, head: HTTPRequestHead, body: ByteBuffer?
    ) async throws -> RoleHTTPResponse {
        let promise = channel.eventLoop.makePromise(of: ClientResult.self)
        let exchange = ClientExchange(head: head, body: body, timeout: Self.timeAmount(timeout), promise: promise)
        channel.writeAndFlush(exchange).whenFailure { error in
            promise.fail(ClientConnectionFailure(kind: .eof, message: "EOF", nothingReceived: true))
            _ = error
        }
        let result = try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
        try Task.checkCancellation()
        if result.keepAlive { giveBack(channel, key: key) } else { channel.close(promise: nil) }
        return result.response
    }

    private func connect(ip: String, port: Int) async throws -> any Channel {
        try await NetDial.connect(ip: ip, port: port, timeout: timeout) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                try channel.pipeline.syncOperations.addHandler(ClientConnectionHandler())
            }
        }
    }

    private func takeIdle(_ key: String) -> (any Channel)? {
        idle.withLock { pool in
            while var channels = pool[key], let channel = channels.popLast() {
                pool[key] = channels.isEmpty ? nil : channels
                if channel.isActive { return channel }
            }
            return nil
        }
    }

    private func giveBack(_ channel: any Channel, key: String) {
        let kept = idle.withLock { pool in
            var channels = pool[key] ?? []
            guard channels.count < maxIdlePerHost else { return false }
            channels.append(channel)
            pool[key] = channels
            return true
        }
        if !kept { channel.close(promise: nil) }
    }

    /// The number of idle pooled connections (for tests and diagnostics).
    public var idleConnectionCount: Int {
        idle.withLock { $0.values.reduce(0) { $0 + $1.count } }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount { NetDial.timeAmount(duration) }
}
