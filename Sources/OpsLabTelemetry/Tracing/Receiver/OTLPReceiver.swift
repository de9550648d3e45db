import Foundation
import Logging
import OpsLabCore

/// The OTLP/HTTP trace receiver as a pure request handler: `POST /v1/traces` with a JSON body feeds a
/// `TraceStore`.
///
/// Only the JSON encoding is supported. Responses follow OTLP/HTTP: `200` with `{"partialSuccess":{}}`, `400`
/// for a malformed body, `415` for protobuf or compressed bodies, each error with a `google.rpc.Status`-shaped
/// body (`{"code":…,"message":…}`). Serve it with any HTTP server; the handler does no I/O.
public struct OTLPReceiver: Sendable {
    /// The path OTLP/HTTP exporters post traces to.
    public static let tracesPath = "/v1/traces"

    /// The store that receives decoded spans.
    public let store: TraceStore
    private let logger: Logger

    /// Creates a receiver feeding `store`.
    public init(store: TraceStore, logger: Logger = Logger(label: "opslab.telemetry.otlp-receiver")) {
        self.store = store
        self.logger = logger
    }

    /// Handles one HTTP request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method, e.g. `POST`.
    ///   - path: The request path without the query string.
    ///   - contentType: The `Content-Type` header, if any (missing is read as JSON).
    ///   - contentEncoding: The `Content-Encoding` header, if any; only `identity` is accepted.
    ///   - body: The request body.
    /// - Returns: The status code, the response content type and the response body.
    public func handle(
        method: String, path: String, contentType: String?, contentEncoding: String? = nil, body: Data
    ) -> (status: Int, contentType: String, body: String) {
        guard path == Self.tracesPath else {
            return Self.failure(404, grpcCode: 5, "not found: \(path); OTLP traces are accepted at \(Self.tracesPath)")
        }
        guard method.uppercased() == "POST" else {
            return Self.failure(405, grpcCode: 12, "method \(method) not allowed; use POST")
        }
        if let encoding = contentEncoding?.lowercased().traceTrimmed(), !encoding.isEmpty, encoding != "identity" {
            return Self.failure(
                415, grpcCode: 3, "content-encoding \(encoding) is not supported; send uncompressed OTLP JSON")
        }
        let mediaType =
            (contentType ?? "application/json").split(separator: ";").first.map {
                String($0).lowercased().traceTrimmed()
            } ?? ""
        guard mediaType == "application/json" else {
            let hint = mediaType.contains("protobuf") ? "protobuf is not supported; " : ""
            return Self.failure(
                415, grpcCode: 3,
                "unsupported content type \(mediaType.isEmpty ? "(none)" : mediaType): \(hint)only application/json (OTLP/HTTP JSON) is supported"
            )
        }
        let spans: [SpanRecord]
        do {
            spans = try OTLPTraceJSON.decode(body)
        } catch {
            logger.debug("rejected OTLP export", metadata: ["error": "\(error)"])
            return Self.failure(400, grpcCode: 3, "\(error)")
        }
        store.insert(spans)
        logger.trace("accepted OTLP export", metadata: ["spans": "\(spans.count)"])
        return (200, "application/json", #"{"partialSuccess":{}}"#)
    }

    static func failure(
        _ status: Int, grpcCode: Int64, _ message: String
    ) -> (
        status: Int, contentType: String, body: String
    ) {
        let body: JSONValue = ["code": .int(grpcCode), "message": .string(message)]
        return (status, "application/json", body.jsonString())
    }
}
