import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Exports spans as OTLP/HTTP JSON (`POST http://host:port/v1/traces`) over one kept-alive HTTP/1.1
/// connection made with SwiftNIO.
///
/// `export` never throws at the application: failures (refused connection, timeout, non-2xx status) are
/// logged and counted, and the batch is dropped. A broken kept-alive connection is replaced and the request
/// retried once. Only plain `http` is supported. Call `shutdown()` when done to close the connection.
public actor OTLPHTTPExporter {
    /// Counters of the exporter's work.
    public struct Statistics: Sendable, Hashable {
        /// Spans the receiver accepted (2xx).
        public var exportedSpans: Int
        /// Spans lost to failed exports.
        public var failedSpans: Int
        /// Connections opened so far.
        public var connections: Int
    }

    /// The receiver's host.
    public let host: String
    /// The receiver's port.
    public let port: Int
    /// The request path, normally `/v1/traces`.
    public let path: String
    /// How long to wait for a connection.
    public let connectTimeout: Duration
    /// How long to wait for a response once the request is sent.
    public let requestTimeout: Duration

    private let group: any EventLoopGroup
    private let logger: Logger
    private var channel: (any Channel)?
    private var statistics = Statistics(exportedSpans: 0, failedSpans: 0, connections: 0)

    /// Creates an exporter for an endpoint URL such as `http://127.0.0.1:4318` (the path defaults to
    /// `/v1/traces`; a URL with another path is used as is).
    ///
    /// - Throws: `TracingError` with code `invalid-endpoint` for a URL without host, or not `http`.
    public init(
        endpoint: String, connectTimeout: Duration = .seconds(2), requestTimeout: Duration = .seconds(5),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "opslab.telemetry.otlp-exporter")
    ) throws {
        guard let url = URLComponents(string: endpoint), let host = url.host, !host.isEmpty else {
            throw TracingError(
                code: "invalid-endpoint", "invalid OTLP endpoint \"\(endpoint)\": expected http://host:port")
        }
        guard url.scheme?.lowercased() == "http" else {
            throw TracingError(
                code: "invalid-endpoint", "invalid OTLP endpoint \"\(endpoint)\": only http:// is supported (no TLS)")
        }
        self.host = host
        self.port = url.port ?? 4318
        self.path = url.path.isEmpty || url.path == "/" ? OTLPReceiver.tracesPath : url.path
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.group = eventLoopGroup
        self.logger = logger
    }

    /// Sends spans; logs and counts failures instead of throwing. Does nothing for an empty batch.
    public func export(_ spans: [SpanRecord]) async {
        guard !spans.isEmpty else { return }
        do {
            let status = try await send(spans)
            if (200..<300).contains(status) {
                statistics.exportedSpans += spans.count
            } else {
                statistics.failedSpans += spans.count
                logger.warning(
                    "OTLP receiver rejected spans", metadata: ["status": "\(status)", "spans": "\(spans.count)"])
            }
        } catch {
            statistics.failedSpans += spans.count
            logger.warning(
                "OTLP export failed",
                metadata: ["endpoint": "\(host):\(port)\(path)", "error": "\(error)", "spans": "\(spans.count)"])
        }
    }

    /// Sends spans and returns the HTTP status; retries once on a fresh connection if a kept-alive one broke.
    ///
    /// - Throws: `TracingError` for connection failures and timeouts.
    public func send(_ spans: [SpanRecord]) async throws -> Int {
        let body = OTLPTraceJSON.encodeData(spans)
        let reused = channel?.isActive == true
        do {
            return try await post(body)
        } catch {
            guard reused else { throw error }
            logger.debug("kept-alive connection failed; retrying on a new one", metadata: ["error": "\(error)"])
            return try await post(body)
        }
    }

    /// Current counters.
    public var currentStatistics: Statistics { statistics }

    /// Closes the connection. Later exports open a new one.
    public func shutdown() async {
        guard let channel else { return }
        self.channel = nil
        try? await channel.close()
    }

    private func post(_ body: Data) async throws -> Int {
        let channel = try await connection()
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "\(host):\(port)")
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Connection", value: "keep-alive")
        headers.add(name: "User-Agent", value: "OpsLab-OTLP/\(OpsLabTelemetry.version)")
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers)
        let promise = channel.eventLoop.makePromise(of: OTLPHTTPResponse.self)
        let timeout = channel.eventLoop.scheduleTask(in: .nanoseconds(Self.nanos(requestTimeout))) {
            promise.fail(TracingError(code: "export-timeout", "no response within \(self.requestTimeout)"))
            channel.close(promise: nil)
        }
        channel.writeAndFlush(
            OTLPHTTPRequest(head: head, body: ByteBuffer(bytes: body), promise: promise), promise: nil)
        defer { timeout.cancel() }
        do {
            let response = try await promise.futureResult.get()
            if !response.keepAlive { await shutdown() }
            if !(200..<300).contains(response.status) {
                logger.debug(
                    "OTLP receiver answered",
                    metadata: ["status": "\(response.status)", "body": "\(response.body.prefix(300))"])
            }
            return response.status
        } catch {
            if self.channel === channel { self.channel = nil }
            channel.close(promise: nil)
            throw error
        }
    }

    private func connection() async throws -> any Channel {
        if let channel, channel.isActive { return channel }
        channel = nil
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(Self.nanos(connectTimeout)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(OTLPHTTPClientHandler())
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            statistics.connections += 1
            self.channel = channel
            return channel
        } catch {
            throw TracingError(code: "export-connect", "cannot connect to \(host):\(port)", underlying: error)
        }
    }

    private static func nanos(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
