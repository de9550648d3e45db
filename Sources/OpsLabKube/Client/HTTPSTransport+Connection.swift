import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

extension HTTPSTransport {
    /// What a response delivers, in order: one head, then body chunks.
    enum ResponseEvent {
        /// The status line and headers.
        case head(status: Int, headers: [(String, String)])
        /// A piece of the body, as it arrived.
        case body(Data)
    }

    typealias ClientChannel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    /// Connects, writes the request, and hands every response event to `onEvent` until the response ends.
    ///
    /// Returns normally only after a complete response; the connection is closed on return, throw or cancellation.
    func exchange(_ request: KubeRequest, onEvent: (ResponseEvent) throws -> Void) async throws {
        let endpoint = self.endpoint
        let channel = try await connect()
        do {
            try await channel.executeThenClose { inbound, outbound in
                var writeError: (any Error)?
                do {
                    try await outbound.write(.head(requestHead(for: request)))
                    if let body = request.body, !body.isEmpty {
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
                    }
                    try await outbound.write(.end(nil))
                } catch {
                    // The inbound side usually carries the real cause (e.g. a failed TLS handshake).
                    writeError = error
                }
                var sawHead = false
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        let code = Int(head.status.code)
                        if (100..<200).contains(code), code != 101 { continue }
                        sawHead = true
                        try onEvent(.head(status: code, headers: head.headers.map { ($0.name, $0.value) }))
                    case .body(let buffer):
                        guard sawHead else { continue }
                        try onEvent(.body(Data(buffer.readableBytesView)))
                    case .end:
                        if sawHead { return }
                    }
                }
                try Task.checkCancellation()
                if let writeError { throw writeError }
                throw HTTPTransportError(
                    code: .connectionClosed,
                    message: "the server \(endpoint.serverDescription) closed the connection before the response ended"
                )
            }
        } catch {
            throw HTTPTransportError.classify(error, endpoint: endpoint)
        }
    }

    /// The HTTP/1.1 request head: caller headers plus Host, User-Agent, Authorization and Content-Length.
    func requestHead(for request: KubeRequest) -> HTTPRequestHead {
        var headers = HTTPHeaders(request.headers)
        if !headers.contains(name: "Host") { headers.add(name: "Host", value: endpoint.hostHeader) }
        if !headers.contains(name: "User-Agent") { headers.add(name: "User-Agent", value: Self.userAgent) }
        if let token, !headers.contains(name: "Authorization") {
            headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        let length = request.body?.count ?? 0
        let method = request.method.uppercased()
        if length > 0 || ["POST", "PUT", "PATCH"].contains(method) {
            headers.replaceOrAdd(name: "Content-Length", value: String(length))
        }
        if !headers.contains(name: "Connection") { headers.add(name: "Connection", value: "close") }
        return HTTPRequestHead(
            version: .http1_1, method: HTTPMethod(rawValue: method), uri: endpoint.target(for: request.path),
            headers: headers
        )
    }

    /// Opens a connection with TLS (if the URL is https) and the HTTP/1.1 codec in its pipeline.
    private func connect() async throws -> ClientChannel {
        let endpoint = self.endpoint
        let sslContext = self.sslContext
        // SNI and hostname checks use the DNS name; for IP hosts NIOSSL matches the peer address against IP SANs.
        let serverName = tlsServerName ?? (endpoint.hostIsIPAddress ? nil : endpoint.host)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        do {
            return try await bootstrap.connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: serverName)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try ClientChannel(wrappingChannelSynchronously: channel)
                }
            }
        } catch {
            logger.debug("connect failed", metadata: ["server": "\(endpoint.serverDescription)", "error": "\(error)"])
            throw KubeConnectionError(server: endpoint.serverDescription, cause: String(describing: error))
        }
    }

    /// The client TLS context: TLS 1.2+, ALPN http/1.1, the CA as the only trust root, optional client identity.
    static func makeClientContext(
        caPEM: String?, clientCertificatePEM: String?, clientKeyPEM: String?, insecureSkipTLSVerify: Bool
    ) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        // When we abandon a stream the server may not be reading (a response is in flight), so do not wait the
        // default five seconds for its close_notify before dropping the TCP connection.
        configuration.shutdownTimeout = .milliseconds(500)
        do {
            if let caPEM, !caPEM.isEmpty {
                let roots = try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8))
                guard !roots.isEmpty else {
                    throw HTTPTransportError(code: .invalidCredentials, message: "the CA data holds no certificate")
                }
                configuration.trustRoots = .certificates(roots)
            }
            if let clientCertificatePEM, let clientKeyPEM {
                let chain = try NIOSSLCertificate.fromPEMBytes(Array(clientCertificatePEM.utf8))
                configuration.certificateChain = chain.map { .certificate($0) }
                configuration.privateKey = .privateKey(
                    try NIOSSLPrivateKey(bytes: Array(clientKeyPEM.utf8), format: .pem)
                )
            }
            if insecureSkipTLSVerify { configuration.certificateVerification = .none }
            return try NIOSSLContext(configuration: configuration)
        } catch let error as HTTPTransportError {
            throw error
        } catch {
            throw HTTPTransportError(
                code: .invalidCredentials, message: "unable to load the CA or client certificate: \(error)",
                cause: error
            )
        }
    }
}
