import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A ``KubeTransport`` speaking HTTP/1.1 over TLS (or plain TCP for `http://` URLs) with SwiftNIO.
///
/// The server certificate is verified against the configured CA only (never the system store when a CA is given)
/// and against the URL's host: IP SANs for IP hosts, DNS SANs otherwise. Each request opens its own connection,
/// which is closed when the response ends, when a stream's consumer stops, or on cancellation. All connections
/// share `MultiThreadedEventLoopGroup.singleton`.
public final class HTTPSTransport: KubeTransport {
    /// The `User-Agent` sent unless a request sets its own.
    public static let userAgent = "opslab-kubectl/0.1.0 (\(HTTPSTransport.platform)) opslab"

    /// Where requests go.
    public let endpoint: HTTPEndpoint
    /// The bearer token added as `Authorization: Bearer …`, if any.
    public let token: String?
    /// The limit on a whole `send` (connect, TLS, request and response); nil for none.
    public let requestTimeout: Duration?
    /// The limit on establishing the TCP connection.
    public let connectTimeout: Duration

    let sslContext: NIOSSLContext?
    let tlsServerName: String?
    let logger = Logger(label: "opslab.kube.transport")

    /// Creates a transport from the current context of a kubeconfig (server, CA, token or client certificate).
    public convenience init(kubeconfig: Kubeconfig, requestTimeout: Duration? = .seconds(60)) throws {
        try self.init(
            server: kubeconfig.server, caPEM: kubeconfig.caPEM, token: kubeconfig.token,
            clientCertificatePEM: kubeconfig.clientCertificatePEM, clientKeyPEM: kubeconfig.clientKeyPEM,
            insecureSkipTLSVerify: kubeconfig.insecureSkipTLSVerify, tlsServerName: kubeconfig.tlsServerName,
            requestTimeout: requestTimeout
        )
    }

    /// Creates a transport for a server URL (`https://…` or `http://…`), trusting only `caPEM` when given.
    ///
    /// Throws ``HTTPTransportError`` for an unusable URL, CA or client certificate.
    public init(
        server: String, caPEM: String?, token: String?, clientCertificatePEM: String? = nil,
        clientKeyPEM: String? = nil, insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil,
        requestTimeout: Duration? = .seconds(60), connectTimeout: Duration = .seconds(5)
    ) throws {
        self.endpoint = try HTTPEndpoint(url: server)
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.tlsServerName = tlsServerName.flatMap { $0.isEmpty ? nil : $0 }
        if endpoint.usesTLS {
            self.sslContext = try Self.makeClientContext(
                caPEM: caPEM, clientCertificatePEM: clientCertificatePEM, clientKeyPEM: clientKeyPEM,
                insecureSkipTLSVerify: insecureSkipTLSVerify
            )
        } else {
            self.sslContext = nil
        }
    }

    /// Sends a request and collects the whole response, within ``requestTimeout``.
    ///
    /// Throws ``KubeConnectionError`` when nothing accepts the connection, ``HTTPTransportError`` for TLS failures,
    /// timeouts and truncated responses.
    public func send(_ request: KubeRequest) async throws -> KubeResponse {
        guard let requestTimeout else { return try await perform(request) }
        let endpoint = self.endpoint
        return try await withThrowingTaskGroup(of: KubeResponse.self) { group in
            group.addTask { try await self.perform(request) }
            group.addTask {
                try await Task.sleep(for: requestTimeout)
                throw HTTPTransportError(
                    code: .timeout,
                    message: "net/http: request canceled (Client.Timeout exceeded) after \(requestTimeout) "
                        + "talking to \(endpoint.serverDescription)"
                )
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    /// Sends a request and returns as soon as the response head arrives; the body is yielded chunk by chunk.
    ///
    /// There is no overall timeout. When the consumer stops iterating, drops the stream or is cancelled, the
    /// connection is closed.
    public func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse {
        let (heads, headContinuation) = AsyncThrowingStream<Int, any Error>.makeStream()
        let (body, bodyContinuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        let task = Task {
            do {
                try await self.exchange(request) { event in
                    switch event {
                    case .head(let status, _):
                        headContinuation.yield(status)
                        headContinuation.finish()
                    case .body(let data):
                        bodyContinuation.yield(data)
                    }
                }
                headContinuation.finish(throwing: self.closedEarly())
                bodyContinuation.finish()
            } catch {
                headContinuation.finish(throwing: error)
                bodyContinuation.finish(throwing: error)
            }
        }
        bodyContinuation.onTermination = { _ in task.cancel() }
        do {
            for try await status in heads {
                return KubeStreamingResponse(status: status, body: body)
            }
        } catch {
            task.cancel()
            throw error
        }
        task.cancel()
        throw CancellationError()
    }

    /// One request with its whole response collected.
    private func perform(_ request: KubeRequest) async throws -> KubeResponse {
        var status = 0
        var headers: [(String, String)] = []
        var body = Data()
        try await exchange(request) { event in
            switch event {
            case .head(let code, let fields):
                status = code
                headers = fields
            case .body(let data):
                body.append(data)
            }
        }
        return KubeResponse(status: status, headers: headers, body: body)
    }

    private func closedEarly() -> HTTPTransportError {
        HTTPTransportError(
            code: .connectionClosed,
            message: "the server \(endpoint.serverDescription) closed the connection before answering"
        )
    }

    private static var platform: String {
        #if os(Linux)
        let os = "linux"
        #else
        let os = "darwin"
        #endif
        #if arch(arm64)
        return "\(os)/arm64"
        #else
        return "\(os)/amd64"
        #endif
    }
}
