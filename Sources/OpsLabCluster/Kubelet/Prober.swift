import Foundation
import NIOCore
import NIOPosix
import OpsLabKube

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of one probe.
enum ProbeResult: Sendable, Equatable {
    case success
    /// A failure with the text Kubernetes puts after `Readiness probe failed: `.
    case failure(String)
}

/// Runs readiness and liveness probes against a pod's address (httpGet and tcpSocket; exec is unsupported).
enum Prober {
    /// Runs one probe of a container whose pod has address `podIP`.
    static func run(_ probe: Probe, podIP: String, ports: [ContainerPort]) async -> ProbeResult {
        let timeout = max(probe.timeoutSeconds ?? 1, 1)
        if let http = probe.httpGet {
            guard let port = resolve(http.port, ports: ports) else {
                return .failure("unable to resolve port \"\(http.port)\"")
            }
            let host = http.host ?? podIP
            var path = http.path ?? "/"
            if !path.hasPrefix("/") { path = "/" + path }
            return await httpGet(host: host, port: port, path: path, timeoutSeconds: timeout)
        }
        if let tcp = probe.tcpSocket {
            guard let port = resolve(tcp.port, ports: ports) else {
                return .failure("unable to resolve port \"\(tcp.port)\"")
            }
            return await tcpConnect(host: tcp.host ?? podIP, port: port, timeoutSeconds: timeout)
        }
        if probe.exec != nil {
            return .failure("exec probes are not supported by the embedded kubelet")
        }
        return .success
    }

    /// A numeric port, or a named container port.
    static func resolve(_ port: IntOrString, ports: [ContainerPort]) -> Int? {
        switch port {
        case .int(let number): return number
        case .string(let name):
            if let number = Int(name) { return number }
            return ports.first { $0.name == name }?.containerPort
        }
    }

    /// `GET http://host:port/path`; 200–399 is success.
    static func httpGet(host: String, port: Int, path: String, timeoutSeconds: Int) async -> ProbeResult {
        let url = "http://\(host):\(port)\(path)"
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await connect(host: host, port: port, timeoutSeconds: timeoutSeconds)
        } catch {
            return .failure("Get \"\(url)\": \(dialError(error, host: host, port: port))")
        }
        let deadline = channel.channel.eventLoop.scheduleTask(in: .seconds(Int64(timeoutSeconds))) {
            channel.channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        do {
            let statusLine = try await channel.executeThenClose { inbound, outbound in
                let request =
                    "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: kube-probe/1.32\r\n"
                    + "Accept: */*\r\nConnection: close\r\n\r\n"
                try await outbound.write(ByteBuffer(string: request))
                var received = ""
                for try await chunk in inbound {
                    received += String(buffer: chunk)
                    if let end = received.range(of: "\r\n") { return String(received[..<end.lowerBound]) }
                    if received.utf8.count > 8192 { break }
                }
                return received
            }
            let fields = statusLine.split(separator: " ")
            guard fields.count >= 2, fields[0].hasPrefix("HTTP/"), let code = Int(fields[1]) else {
                return .failure(
                    "Get \"\(url)\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
                )
            }
            return (200..<400).contains(code) ? .success : .failure("HTTP probe failed with statuscode: \(code)")
        } catch {
            return .failure(
                "Get \"\(url)\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
            )
        }
    }

    /// Opens and closes a TCP connection.
    static func tcpConnect(host: String, port: Int, timeoutSeconds: Int) async -> ProbeResult {
        do {
            let channel = try await connect(host: host, port: port, timeoutSeconds: timeoutSeconds)
            try? await channel.channel.close()
            return .success
        } catch {
            return .failure(dialError(error, host: host, port: port))
        }
    }

    private static func connect(
        host: String, port: Int, timeoutSeconds: Int
    ) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let address = try SocketAddress(ipAddress: host, port: port)
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(Int64(timeoutSeconds)))
            .connect(to: address) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Go's wording for a failed dial.
    static func dialError(_ error: any Error, host: String, port: Int) -> String {
        let prefix = "dial tcp \(host):\(port)"
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "\(prefix): connect: connection refused"
            case ENETUNREACH: return "\(prefix): connect: network is unreachable"
            case EHOSTUNREACH: return "\(prefix): connect: no route to host"
            case EADDRNOTAVAIL: return "\(prefix): connect: cannot assign requested address"
            default: return "\(prefix): connect: \(String(cString: strerror(error.errnoCode)).lowercased())"
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return "\(prefix): i/o timeout"
        }
        return "\(prefix): connect: \(error)"
    }
}
