import Foundation
import OpsLabCore

/// Jaeger's HTTP query API (the one the Jaeger UI and AIOpsLab's trace tools call) over a `TraceStore`, as a
/// pure request handler.
///
/// Routes (all `GET`):
/// - `/api/services` → `{"data":["svc",…],…}`
/// - `/api/services/{service}/operations` → `{"data":["op",…],…}`
/// - `/api/operations?service=&spanKind=` → `{"data":[{"name":…,"spanKind":…}],…}`
/// - `/api/traces?service=&operation=&tags=&lookback=&start=&end=&minDuration=&maxDuration=&limit=`
///   (or `?traceID=…` repeated) → `{"data":[trace,…],…}`
/// - `/api/traces/{traceID}` → `{"data":[trace],…}`, or 404 `trace not found`
///
/// Every body is Jaeger's envelope `{"data":…,"total":N,"limit":0,"offset":0,"errors":null}`; failures carry
/// `"data":null` and `"errors":[{"code":…,"msg":…}]`. `start`/`end` are microseconds since the epoch;
/// durations and `lookback` use Go syntax (`1.5s`, `100ms`, `2h`, `3d`); `tags` is a JSON object of
/// key → value (the legacy repeated `tag=key:value` also works).
public struct JaegerQueryAPI: Sendable {
    /// The store the API reads.
    public let store: TraceStore
    /// Lookback used by `/api/traces` when neither `start` nor `lookback` is given.
    public var defaultLookback: Duration

    /// Creates the API over `store`.
    public init(store: TraceStore, defaultLookback: Duration = .seconds(3600)) {
        self.store = store
        self.defaultLookback = defaultLookback
    }

    /// Handles one request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method; only `GET` (and `HEAD`) is served.
    ///   - path: The request path without the query string (percent-encoded segments are decoded here).
    ///   - query: Query parameters, already percent-decoded, each name with all its values.
    ///   - now: The current time, for `lookback` and the default `end`.
    /// - Returns: The status code, `application/json`, and the JSON body.
    public func handle(
        method: String, path: String, query: [String: [String]], now: Date
    ) -> (
        status: Int, contentType: String, body: String
    ) {
        let upper = method.uppercased()
        guard upper == "GET" || upper == "HEAD" else { return Self.failure(405, "method \(method) not allowed") }
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard segments.first == "api" else { return Self.failure(404, "404 page not found: \(path)") }
        switch Array(segments.dropFirst()) {
        case ["services"]:
            return Self.success(.array(store.services().map { .string($0) }))
        case let route where route.count == 3 && route[0] == "services" && route[2] == "operations":
            let names = store.operations(service: route[1]).map(\.name)
            var unique: [String] = []
            for name in names where unique.last != name { unique.append(name) }
            return Self.success(.array(unique.map { .string($0) }))
        case ["operations"]:
            return operations(query)
        case ["traces"]:
            return searchTraces(query, now: now)
        case let route where route.count == 2 && route[0] == "traces":
            guard let spans = store.trace(id: route[1]) else { return Self.failure(404, "trace not found") }
            return Self.success([JaegerTraceJSON.trace(spans)])
        default:
            return Self.failure(404, "404 page not found: \(path)")
        }
    }

    private func operations(_ query: [String: [String]]) -> (status: Int, contentType: String, body: String) {
        guard let service = query["service"]?.first, !service.isEmpty else {
            return Self.failure(400, "parameter 'service' is required")
        }
        var kind: SpanRecord.Kind?
        if let text = query["spanKind"]?.first, !text.isEmpty {
            guard let parsed = SpanRecord.Kind(rawValue: text.lowercased()) else {
                return Self.failure(400, "unsupported span kind: '\(text)'")
            }
            kind = parsed
        }
        let operations = store.operations(service: service, kind: kind)
        return Self.success(
            .array(operations.map { ["name": .string($0.name), "spanKind": .string($0.kind.rawValue)] })
        )
    }

    private func searchTraces(
        _ query: [String: [String]], now: Date
    ) -> (
        status: Int, contentType: String, body: String
    ) {
        let traceIDs = (query["traceID"] ?? []).filter { !$0.isEmpty }
        if !traceIDs.isEmpty {
            return Self.success(.array(traceIDs.compactMap { store.trace(id: $0) }.map(JaegerTraceJSON.trace)))
        }
        do {
            let search = try JaegerSearchParameters.traceQuery(
                from: query, now: now, defaultLookback: defaultLookback)
            return Self.success(.array(store.search(search).map(JaegerTraceJSON.trace)))
        } catch {
            return Self.failure(400, error.message)
        }
    }

    /// A 200 response with Jaeger's envelope around `data`.
    static func success(_ data: JSONValue) -> (status: Int, contentType: String, body: String) {
        let body: JSONValue = [
            "data": data, "total": .int(Int64(data.arrayValue?.count ?? 0)), "limit": 0, "offset": 0, "errors": nil,
        ]
        return (200, "application/json", body.jsonString())
    }

    /// An error response in Jaeger's shape.
    static func failure(_ status: Int, _ message: String) -> (status: Int, contentType: String, body: String) {
        let body: JSONValue = [
            "data": nil, "total": 0, "limit": 0, "offset": 0,
            "errors": [["code": .int(Int64(status)), "msg": .string(message)]],
        ]
        return (status, "application/json", body.jsonString())
    }
}
