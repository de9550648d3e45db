import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// Runs `pods/{name}/exec` over a WebSocket (`v5.channel.k8s.io`, else `v4.channel.k8s.io`), as kubectl 1.30+
/// does, on its own connection with the TLS settings and token of an ``HTTPSTransport``.
///
/// Output arrives through `onOutput` as it is received; standard input (when given) is sent on channel 0 and
/// then closed with the v5 close signal. The call returns the Status received on channel 3.
public struct WebSocketExecClient: Sendable {
    /// The transport whose endpoint, CA, client identity and token are used.
    public let transport: HTTPSTransport

    /// Creates a client.
    public init(transport: HTTPSTransport) {
        self.transport = transport
    }

    /// What the upgraded connection turned into.
    enum Connection: Sendable {
        /// The server accepted: WebSocket frames.
        case upgraded(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, protocol: String?)
        /// The server answered with plain HTTP (an error).
        case refused(NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>)
    }

    /// Runs the exec request at `path` (with its query) and returns the final status.
    ///
    /// Throws ``WebSocketExecError/refused(status:body:)`` when the server does not upgrade (e.g. 404 for a
    /// missing pod), ``KubeConnectionError`` when nothing accepts the connection, and
    /// ``WebSocketExecError/closedWithoutStatus`` when the stream ends without a Status.
    public func run(
        path: String, stdin: Data?, onOutput: @escaping @Sendable (ExecChannel, Data) -> Void
    ) async throws -> WebSocketExecStatus {
        let connection = try await connect(path: path)
        switch connection {
        case .refused(let channel):
            throw try await Self.readRefusal(channel)
        case .upgraded(let channel, let negotiated):
            let subprotocol = ExecSubprotocol(rawValue: negotiated ?? "") ?? .v4
            return try await Self.stream(channel, subprotocol: subprotocol, stdin: stdin, onOutput: onOutput)
        }
    }

    /// Exchanges frames until the server closes; returns the status from channel 3.
    static func stream(
        _ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, subprotocol: ExecSubprotocol, stdin: Data?,
        onOutput: @escaping @Sendable (ExecChannel, Data) -> Void
    ) async throws -> WebSocketExecStatus {
        let allocator = channel.channel.allocator
        return try await channel.executeThenClose { inbound, outbound in
            if let stdin {
                var offset = 0
                while offset < stdin.count {
                    let chunk = stdin[offset..<min(offset + 32 * 1024, stdin.count)]
                    try await outbound.write(frame(WebSocketChannelFrame(.stdin, Array(chunk)), allocator))
                    offset += chunk.count
                }
                if subprotocol == .v5 {
                    try await outbound.write(frame(.closeSignal(for: .stdin), allocator))
                }
            }
            var status: [UInt8]?
            loop: for try await received in inbound {
                switch received.opcode {
                case .binary, .text:
                    var data = received.unmaskedData
                    let bytes = data.readBytes(length: data.readableBytes) ?? []
                    guard let message = WebSocketChannelFrame.decode(bytes) else { continue }
                    switch message.knownChannel {
                    case .stdout, .stderr:
                        onOutput(message.knownChannel!, Data(message.payload))
                    case .error:
                        status = (status ?? []) + message.payload
                    default:
                        continue
                    }
                case .ping:
                    try await outbound.write(
                        WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: received.unmaskedData))
                case .connectionClose:
                    var close = allocator.buffer(capacity: 2)
                    close.write(webSocketErrorCode: .normalClosure)
                    try? await outbound.write(
                        WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: close))
                    break loop
                default:
                    continue
                }
            }
            guard let status else { throw WebSocketExecError.closedWithoutStatus }
            return WebSocketExecStatus(payload: status)
        }
    }

    /// A masked binary frame (clients must mask).
    static func frame(_ message: WebSocketChannelFrame, _ allocator: ByteBufferAllocator) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .binary, maskKey: .random(), data: allocator.buffer(bytes: message.encoded))
    }

    /// Reads a non-101 answer into an error.
    static func readRefusal(
        _ channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
    ) async throws -> WebSocketExecError {
        try await channel.executeThenClose { inbound, _ in
            var status = 0
            var body = Data()
            for try await part in inbound {
                switch part {
                case .head(let head): status = Int(head.status.code)
                case .body(let buffer): body.append(contentsOf: buffer.readableBytesView)
                case .end: return WebSocketExecError.refused(status: status, body: body)
                }
            }
            return WebSocketExecError.refused(status: status, body: body)
        }
    }

    /// Connects, performs the TLS handshake and the upgrade request.
    private func connect(path: String) async throws -> Connection {
        let endpoint = transport.endpoint
        let sslContext = transport.sslContext
        let serverName = transport.tlsServerName ?? (endpoint.hostIsIPAddress ? nil : endpoint.host)
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.hostHeader)
        headers.add(name: "User-Agent", value: HTTPSTransport.userAgent)
        if let token = transport.token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        headers.add(
            name: "Sec-WebSocket-Protocol", value: ExecSubprotocol.allCases.map(\.rawValue).joined(separator: ", "))
        let head = HTTPRequestHead(
            version: .http1_1, method: .GET, uri: endpoint.target(for: path), headers: headers)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(transport.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        let upgrade: EventLoopFuture<Connection>
        do {
            upgrade = try await bootstrap.connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: serverName)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    let upgrader = NIOTypedWebSocketClientUpgrader<Connection>(maxFrameSize: 1 << 22) {
                        channel, response in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOWebSocketFrameAggregator(
                                    minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1 << 12,
                                    maxAccumulatedFrameSize: 1 << 26))
                            let stream = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                                wrappingChannelSynchronously: channel)
                            return Connection.upgraded(
                                stream, protocol: response.headers.first(name: "Sec-WebSocket-Protocol"))
                        }
                    }
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<Connection>(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.eventLoop.makeCompletedFuture {
                                Connection.refused(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                            }
                        })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: NIOUpgradableHTTPClientPipelineConfiguration(
                            upgradeConfiguration: configuration))
                }
            }
        } catch {
            throw KubeConnectionError(server: endpoint.serverDescription, cause: String(describing: error))
        }
        do {
            return try await upgrade.get()
        } catch {
            throw HTTPTransportError.classify(error, endpoint: endpoint)
        }
    }
}

/// An exec stream failed before or after it was established.
public enum WebSocketExecError: Error, Sendable, Equatable {
    /// The server answered the upgrade request with this status and body (a Status JSON or plain text).
    case refused(status: Int, body: Data)
    /// The connection closed without a Status on channel 3.
    case closedWithoutStatus
}
