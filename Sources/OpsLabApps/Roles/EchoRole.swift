import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The `opslab/echo` role: a tiny HTTP server that says which pod answered.
///
/// Listens on `$POD_IP` (or 127.0.0.1) at `$PORT` (default 8080). `GET /` answers `hello from <pod>`,
/// `GET /healthz` answers `ok`, anything else is 404. One log line per request goes to stdout.
/// SIGTERM or SIGINT stops it with exit code 0.
public struct EchoRole: Sendable {
    /// The container's command and args (unused by this role).
    public var arguments: [String]
    /// The container's environment.
    public var environment: [String: String]

    /// Creates the role.
    public init(arguments: [String], environment: [String: String]) {
        self.arguments = arguments
        self.environment = environment
    }

    /// The address to listen on.
    public var host: String { environment["POD_IP"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1" }
    /// The port to listen on.
    public var port: Int { environment["PORT"].flatMap { Int($0) } ?? 8080 }
    /// The pod's name, as greeted.
    public var podName: String { environment["POD_NAME"] ?? environment["HOSTNAME"] ?? "unknown" }

    /// What the server answers for a method and URI: status and body.
    public func respond(method: String, uri: String) -> (status: Int, body: String) {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        guard method == "GET" || method == "HEAD" else { return (405, "method not allowed\n") }
        switch path {
        case "/": return (200, "hello from \(podName)\n")
        case "/healthz": return (200, "ok")
        default: return (404, "404 page not found\n")
        }
    }

    /// Serves until SIGTERM/SIGINT (returns 0) or until the server fails (throws).
    public func run() async throws -> Int32 {
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: channel
                        )
                    }
                }
        } catch {
            throw RoleError(
                code: "bindFailed", message: "listen tcp \(host):\(port): \(error)", underlying: error
            )
        }
        RoleOutput.log("listening on \(host):\(port)")
        let role = self
        return try await withThrowingTaskGroup(of: Int32.self) { group in
            group.addTask {
                try await server.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { connections in
                        for try await connection in inbound {
                            connections.addTask { await role.serve(connection) }
                        }
                    }
                }
                return 1
            }
            group.addTask {
                guard let number = await TerminationSignal.wait() else { return 0 }
                RoleOutput.log("received signal \(number), shutting down")
                try? await server.channel.close()
                return 0
            }
            let code = try await group.next() ?? 0
            group.cancelAll()
            return code
        }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                case .body:
                    continue
                case .end:
                    guard let request = head else { continue }
                    head = nil
                    let answer = respond(method: request.method.rawValue, uri: request.uri)
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
                    headers.add(name: "Content-Length", value: String(answer.body.utf8.count))
                    if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }
                    let status = HTTPResponseStatus(statusCode: answer.status)
                    try await outbound.write(
                        .head(
                            HTTPResponseHead(
                                version: request.version, status: status,
                                headers: headers)))
                    if request.method != .HEAD {
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: answer.body))))
                    }
                    try await outbound.write(.end(nil))
                    RoleOutput.log("\(request.method.rawValue) \(request.uri) \(answer.status)")
                    if !request.isKeepAlive { return }
                }
            }
        }
    }
}
