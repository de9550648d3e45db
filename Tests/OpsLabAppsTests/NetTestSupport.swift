import Foundation
import NIOCore
import NIOPosix
import Synchronization

@testable import OpsLabApps

/// Helpers shared by the Net, Datastore and Memcached tests: unique loopback IPs and servers on free ports.
enum NetTestSupport {
    private static let counter = Mutex<Int>(0)

    /// A loopback IP no other test uses (127.66.x.y).
    static func uniqueIP() -> String {
        let value = counter.withLock { count -> Int in
            count += 1
            return count
        }
        let seed = Int(getpid() % 200) + 10
        return "127.\(seed).\(value / 250 + 1).\(value % 250 + 1)"
    }

    /// Starts a RoleHTTPServer on a unique IP and a free port; returns its base URL and the serving task.
    static func startServer(
        _ handler: @escaping @Sendable (RoleHTTPRequest) async -> RoleHTTPResponse
    ) async throws -> (ip: String, port: Int, task: Task<Void, any Error>) {
        let ip = uniqueIP()
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = RoleHTTPServer(host: ip, port: 0, handler: handler)
        let task = Task {
            defer { continuation.finish() }
            try await server.run { port in continuation.yield(port) }
        }
        for await port in stream { return (ip, port, task) }
        _ = try await task.value
        throw CancellationError()
    }

    /// A TCP server that accepts connections and closes each one at once (to provoke `EOF`).
    static func startClosingServer() async throws -> (ip: String, port: Int, channel: any Channel) {
        let ip = uniqueIP()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.scheduleTask(in: .milliseconds(20)) { child.close(promise: nil) }
                return child.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: ip, port: 0).get()
        return (ip, channel.localAddress?.port ?? 0, channel)
    }
}
