import Foundation
import NIOCore
import NIOPosix

/// A memcached text-protocol server over TCP (SwiftNIO) around a ``MemcachedCache``; serves until cancelled.
///
/// The clock (unix seconds) is injectable so tests can expire items without waiting.
public struct MemcachedServer: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port (0 picks a free one; see ``run(onListening:)``).
    public var port: Int
    /// The memory limit in bytes.
    public var limitBytes: Int
    /// The clock, in unix seconds.
    public var clock: @Sendable () -> Int64

    /// Creates a server.
    public init(
        host: String, port: Int, limitBytes: Int,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.host = host
        self.port = port
        self.limitBytes = limitBytes
        self.clock = clock
    }

    /// Binds, reports the bound port, and serves until the calling task is cancelled.
    ///
    /// - Throws: ``RoleError`` (`bindFailed`) with memcached's text when the port cannot be bound.
    public func run(onListening: @escaping @Sendable (_ port: Int) -> Void = { _ in }) async throws {
        let store = MemcachedStore(cache: MemcachedCache(limitBytes: limitBytes), clock: clock)
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { child in
                    child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(MemcachedRequestDecoder()))
                        try child.pipeline.syncOperations.addHandler(MemcachedServerHandler(store: store))
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            throw RoleError(
                code: "bindFailed",
                message: "failed to listen on TCP port \(port): \(GoErrorText.errnoText(error).capitalizedFirst)",
                underlying: error
            )
        }
        onListening(channel.localAddress?.port ?? port)
        do {
            try await withTaskCancellationHandler {
                try await channel.closeFuture.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch  where Task.isCancelled {
            return
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
