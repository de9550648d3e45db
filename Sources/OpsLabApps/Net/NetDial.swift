import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens TCP connections for the role clients, failing with Go-like ``RoleHTTPClientError`` texts
/// (`dial tcp 127.5.0.7:8083: connect: connection refused`, `dial tcp …: i/o timeout`).
public enum NetDial {
    /// Connects to `ip:port` within `timeout`, running `initializer` on the new channel.
    public static func connect(
        ip: String, port: Int, timeout: Duration,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) async throws -> any Channel {
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: ip, port: port)
        } catch {
            throw RoleHTTPClientError(kind: .noSuchHost, message: "lookup \(ip): no such host")
        }
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeAmount(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer(initializer)
        if let source = sourceAddress { bootstrap = bootstrap.bind(to: source) }
        do {
            return try await bootstrap.connect(to: address).get()
        } catch let error as ChannelError {
            if case .connectTimeout = error {
                throw RoleHTTPClientError(kind: .timeout, message: "dial tcp \(ip):\(port): i/o timeout")
            }
            throw RoleHTTPClientError(kind: .other, message: "dial tcp \(ip):\(port): \(error)")
        } catch {
            let code = GoErrorText.errno(of: error)
            if code == ETIMEDOUT {
                throw RoleHTTPClientError(kind: .timeout, message: "dial tcp \(ip):\(port): i/o timeout")
            }
            let kind: RoleHTTPClientError.Kind = code == ECONNREFUSED ? .connectionRefused : .other
            throw RoleHTTPClientError(
                kind: kind, message: "dial tcp \(ip):\(port): connect: \(GoErrorText.errnoText(error))"
            )
        }
    }

    /// The address outgoing connections come from: the pod's own IP (`POD_IP`, set by the kubelet) in a pod,
    /// as on a real cluster where a pod's packets carry its IP — so the service proxy (and its network chaos)
    /// sees which pod is calling. Outside a pod, or for an address outside 127.0.0.0/8, the kernel chooses.
    static let sourceAddress: SocketAddress? = source(podIP: ProcessInfo.processInfo.environment["POD_IP"])

    /// The bind address for a pod IP, or `nil` when there is none or it is not a loopback IPv4 address.
    static func source(podIP: String?) -> SocketAddress? {
        guard let podIP, podIP.hasPrefix("127."), let address = try? SocketAddress(ipAddress: podIP, port: 0)
        else { return nil }
        return address
    }

    /// A `Duration` as NIO's `TimeAmount`.
    public static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
