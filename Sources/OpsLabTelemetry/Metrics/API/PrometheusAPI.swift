import Foundation

/// Prometheus's HTTP API as a pure function from a request to a response, for another layer to serve.
///
/// Endpoints: `/api/v1/query`, `/api/v1/query_range`, `/api/v1/series`, `/api/v1/labels`,
/// `/api/v1/label/<name>/values`, `/api/v1/targets`, `/api/v1/status/buildinfo`, `/api/v1/metadata`,
/// `/-/ready`, `/-/healthy`. Bodies have Prometheus's exact JSON shape; errors are
/// `{"status":"error","errorType":"bad_data","error":"…"}` with 400 (422 for execution errors), and an unknown
/// path is a 404. Form-encoded POST bodies must be merged into `query` by the caller.
public struct PrometheusAPI: Sendable {
    /// The engine queries run on.
    public let engine: PromQLEngine
    /// Metadata seen in scrapes.
    public let metadata: MetricMetadataStore
    /// The targets and their health, for `/api/v1/targets`.
    public let targets: @Sendable () -> [ScrapeTargetHealth]
    /// The version reported by build info.
    public let version: String

    /// The JSON content type of API responses.
    public static let jsonContentType = "application/json"

    /// An API over an engine, with metadata and a target-health provider.
    public init(
        engine: PromQLEngine, metadata: MetricMetadataStore = MetricMetadataStore(),
        targets: @escaping @Sendable () -> [ScrapeTargetHealth] = { [] }, version: String = OpsLabTelemetry.version
    ) {
        self.engine = engine
        self.metadata = metadata
        self.targets = targets
        self.version = version
    }

    /// Answers one request. `query` holds URL query parameters (and form fields of a POST) by name.
    public func handle(
        method: String, path: String, query: [String: [String]], now: Date
    ) -> (status: Int, contentType: String, body: String) {
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let nowMs = Int64((now.timeIntervalSince1970 * 1000).rounded())
        switch route {
        case "/-/ready": return (200, "text/plain; charset=utf-8", "Prometheus Server is Ready.\n")
        case "/-/healthy": return (200, "text/plain; charset=utf-8", "Prometheus Server is Healthy.\n")
        default: break
        }
        let handler: (([String: [String]], Int64) throws(APIError) -> APIJSON)?
        var allowsPost = true
        switch route {
        case "/api/v1/query": handler = instantQuery
        case "/api/v1/query_range": handler = rangeQuery
        case "/api/v1/series": handler = series
        case "/api/v1/labels": handler = labelNames
        case "/api/v1/targets":
            handler = { _, _ in self.targetsData() }
            allowsPost = false
        case "/api/v1/status/buildinfo":
            handler = { _, _ in self.buildInfo() }
            allowsPost = false
        case "/api/v1/metadata":
            handler = metadataData
            allowsPost = false
        default:
            if route.hasPrefix("/api/v1/label/") && route.hasSuffix("/values") {
                let name = String(route.dropFirst("/api/v1/label/".count).dropLast("/values".count))
                handler = { query, _ throws(APIError) in try self.labelValues(name, query) }
                allowsPost = false
            } else {
                handler = nil
            }
        }
        guard let handler else { return (404, "text/plain; charset=utf-8", "404 page not found\n") }
        let upper = method.uppercased()
        guard upper == "GET" || (upper == "POST" && allowsPost) else {
            return Self.error(APIError(status: 405, type: "bad_data", message: "method \(upper) not allowed"))
        }
        do {
            let data = try handler(query, nowMs)
            return (
                200, Self.jsonContentType, APIJSON.object([("status", .string("success")), ("data", data)]).rendered
            )
        } catch {
            return Self.error(error)
        }
    }

    static func error(_ error: APIError) -> (status: Int, contentType: String, body: String) {
        let body = APIJSON.object([
            ("status", .string("error")), ("errorType", .string(error.type)), ("error", .string(error.message)),
        ])
        return (error.status, jsonContentType, body.rendered)
    }

    func instantQuery(_ query: [String: [String]], _ nowMs: Int64) throws(APIError) -> APIJSON {
        let text = try APIParameters.required("query", query)
        let time = try APIParameters.time("time", query, default: nowMs)
        let value: PromQLValue
        do {
            value = try engine.instantQuery(text, atMs: time)
        } catch {
            throw APIError(error)
        }
        return Self.render(value, evaluationTimeMs: time)
    }

    func rangeQuery(_ query: [String: [String]], _ nowMs: Int64) throws(APIError) -> APIJSON {
        let start = try APIParameters.time("start", query, default: nil)
        let end = try APIParameters.time("end", query, default: nil)
        guard end >= start else {
            throw APIError.badData("invalid parameter \"end\": end timestamp must not be before start time")
        }
        let step = try APIParameters.duration("step", query)
        guard step > 0 else {
            throw APIError.badData(
                "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer"
            )
        }
        guard (end - start) / step <= 11_000 else {
            throw APIError.badData(
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
            )
        }
        let text = try APIParameters.required("query", query)
        let value: PromQLValue
        do {
            value = try engine.rangeQuery(text, startMs: start, endMs: end, stepMs: step)
        } catch {
            throw APIError(error)
        }
        return Self.render(value, evaluationTimeMs: end)
    }

    /// The `data` member for a query result.
    static func render(_ value: PromQLValue, evaluationTimeMs: Int64) -> APIJSON {
        let result: APIJSON
        switch value {
        case .scalar(let number, let time): result = .point(time, number)
        case .string(let text, let time):
            result = .array([.raw(SampleValueFormat.formatTimestamp(milliseconds: time)), .string(text)])
        case .vector(let samples):
            result = .array(
                samples.map {
                    .object([("metric", .labels($0.labels)), ("value", .point(evaluationTimeMs, $0.value))])
                })
        case .matrix(let series):
            result = .array(
                series.map { entry in
                    .object([
                        ("metric", .labels(entry.labels)),
                        ("values", .array(entry.points.map { .point($0.timestampMs, $0.value) })),
                    ])
                })
        }
        return .object([("resultType", .string(value.resultType)), ("result", result)])
    }
}

/// An API error: an HTTP status, Prometheus's error type and a message.
struct APIError: Error {
    let status: Int
    let type: String
    let message: String

    init(status: Int, type: String, message: String) {
        self.status = status
        self.type = type
        self.message = message
    }

    /// Maps a PromQL error: parse errors name the `query` parameter as Prometheus does.
    init(_ error: PromQLError) {
        switch error.kind {
        case .badData:
            let prefix = error.message.contains("parse error") ? "invalid parameter \"query\": " : ""
            self.init(status: 400, type: "bad_data", message: prefix + error.message)
        case .execution: self.init(status: 422, type: "execution", message: error.message)
        case .timeout: self.init(status: 503, type: "timeout", message: error.message)
        }
    }

    static func badData(_ message: String) -> APIError { APIError(status: 400, type: "bad_data", message: message) }
}
