import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import OpsLabCluster
import Synchronization

/// A CA and a serving context for 127.0.0.1 and localhost.
struct TLSTestPKI {
    let ca: String
    let serverContext: NIOSSLContext

    init() throws {
        let authority = try CertificateAuthority.generate()
        let issued = try authority.issueServerCertificate(
            ipAddresses: ["127.0.0.1"], dnsNames: ["localhost", "kubernetes", "kubernetes.default"]
        )
        ca = authority.certificatePEM
        serverContext = try ServerTLS.makeServerContext(
            certificatePEM: issued.certificatePEM, privateKeyPEM: issued.privateKeyPEM
        )
    }

    /// The `kubectl` binary on PATH, if any.
    static let kubectlPath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin"
        return path.split(separator: ":").map { "\($0)/kubectl" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    /// Runs a program to completion and returns its exit status and output.
    static func run(
        _ executable: String, _ arguments: [String]
    ) async throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let directory = NSTemporaryDirectory() + "opslab-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outPath = directory + "/out"
        let errPath = directory + "/err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (status, stdout, stderr)
    }
}

/// What the test server saw of one request.
struct TLSSeenRequest: Sendable, Equatable {
    var path: String
    var authorization: String?
    var host: String?
    var userAgent: String?
    var contentLength: String?
}

/// Thread-safe record of the test server's requests, closed connections and open child channels.
final class TLSTestServerEvents: Sendable {
    private struct State {
        var requests: [TLSSeenRequest] = []
        var closedPaths: [String] = []
        var children: [any Channel] = []
    }

    private let state = Mutex(State())

    var lastRequest: TLSSeenRequest? { state.withLock { $0.requests.last } }

    func record(_ request: TLSSeenRequest) { state.withLock { $0.requests.append(request) } }
    func closed(path: String) { state.withLock { $0.closedPaths.append(path) } }
    func register(_ channel: any Channel) { state.withLock { $0.children.append(channel) } }
    func children() -> [any Channel] { state.withLock { $0.children } }

    /// Waits (up to five seconds) until a connection whose last request was `path` has closed.
    func waitUntilClosed(path: String) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.closedPaths.contains(path) }) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CancellationError()
    }
}

/// A tiny HTTP(S) server on 127.0.0.1 with an ephemeral port.
///
/// Paths: `/version` (JSON), `/echo` (201 with the request body), `/hold` (one chunk, then held open),
/// `/chunks` (three chunks), `/hang` (never answers). Requests without the right bearer token get 401.
struct TLSTestServer {
    let channel: any Channel
    let port: Int
    let events: TLSTestServerEvents

    /// Runs `body` against a fresh server and shuts it (and all its connections) down afterwards.
    static func with(
        tls: NIOSSLContext?, token: String, _ body: (TLSTestServer) async throws -> Void
    )
        async throws
    {
        let events = TLSTestServerEvents()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                events.register(child)
                return child.eventLoop.makeCompletedFuture {
                    if let tls { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(TLSTestHandler(token: token, events: events))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = TLSTestServer(channel: channel, port: channel.localAddress?.port ?? 0, events: events)
        do {
            try await body(server)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// A port on 127.0.0.1 that nothing listens on (bound, then released).
    static func unusedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    private func shutdown() async {
        try? await channel.close()
        for child in events.children() { try? await child.close() }
    }
}

/// Answers the test server's requests.
final class TLSTestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let token: String
    private let events: TLSTestServerEvents
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(token: String, events: TLSTestServerEvents) {
        self.token = token
        self.events = events
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            if let head { respond(context: context, head: head) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        events.closed(path: head?.uri ?? "")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let authorization = head.headers.first(name: "authorization")
        events.record(
            TLSSeenRequest(
                path: head.uri, authorization: authorization, host: head.headers.first(name: "host"),
                userAgent: head.headers.first(name: "user-agent"),
                contentLength: head.headers.first(name: "content-length")
            )
        )
        guard authorization == "Bearer \(token)" else {
            let status = #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Unauthorized","code":401}"#
            reply(context: context, head: head, status: 401, body: ByteBuffer(string: status))
            return
        }
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        switch path {
        case "/version":
            let version =
                #"{"major":"1","minor":"32","gitVersion":"v1.32.0-opslab","gitCommit":"0","#
                + #""gitTreeState":"clean","buildDate":"2025-01-01T00:00:00Z","goVersion":"go1.23","#
                + #""compiler":"gc","platform":"linux/amd64"}"#
            reply(context: context, head: head, status: 200, body: ByteBuffer(string: version))
        case "/echo":
            reply(context: context, head: head, status: 201, body: body)
        case "/hold", "/chunks":
            let responseHead = HTTPResponseHead(
                version: .http1_1, status: .ok, headers: ["Content-Type": "application/json"]
            )
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            let pieces = path == "/hold" ? ["first\n"] : ["a\n", "b\n", "c\n"]
            for piece in pieces {
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: piece)))), promise: nil)
            }
            if path == "/chunks" { context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil) }
        case "/hang":
            break
        default:
            reply(context: context, head: head, status: 404, body: ByteBuffer(string: "{}"))
        }
    }

    private func reply(context: ChannelHandlerContext, head: HTTPRequestHead, status: Int, body: ByteBuffer) {
        let headers: HTTPHeaders = ["Content-Type": "application/json", "Content-Length": "\(body.readableBytes)"]
        let responseHead = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers
        )
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let channel = context.channel
        let keepAlive = head.isKeepAlive
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
