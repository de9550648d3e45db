import Foundation
import OpsLabApps
import OpsLabCore

/// One series of a Prometheus query answer: its labels and its (timestamp, value) samples.
public struct PromSeries: Sendable, Equatable {
    /// The series' labels, `__name__` included when Prometheus returned it.
    public var labels: [String: String]
    /// Samples as (unix seconds, value text as Prometheus wrote it).
    public var samples: [(time: Double, value: String)]

    /// Creates a series.
    public init(labels: [String: String], samples: [(time: Double, value: String)]) {
        self.labels = labels
        self.samples = samples
    }

    public static func == (lhs: PromSeries, rhs: PromSeries) -> Bool {
        lhs.labels == rhs.labels && lhs.samples.map(\.time) == rhs.samples.map(\.time)
            && lhs.samples.map(\.value) == rhs.samples.map(\.value)
    }
}

/// A Prometheus answer: its result type and series (a scalar or string becomes one unlabelled series).
public struct PromQueryResult: Sendable, Equatable {
    /// `vector`, `matrix`, `scalar` or `string`.
    public var resultType: String
    /// The result series.
    public var series: [PromSeries]
}

/// Why a Prometheus query failed: Prometheus's own error text, or the transport error.
public struct PromQueryError: Error, Sendable, CustomStringConvertible {
    /// The message, e.g. `bad_data: 1:5: parse error: unexpected <EOF>`.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// A client of Prometheus's HTTP query API (`/api/v1/query`, `/api/v1/query_range`) over plain HTTP.
public struct PrometheusQueryClient: Sendable {
    /// The base URL, e.g. `http://127.3.0.12:9090`.
    public var baseURL: String
    let http: RoleHTTPClient

    /// Creates a client for `baseURL`.
    public init(baseURL: String, http: RoleHTTPClient = RoleHTTPClient(resolver: nil, timeout: .seconds(10))) {
        self.baseURL = baseURL
        self.http = http
    }

    /// An instant query evaluated at `time` (now when `nil`).
    public func query(_ expression: String, at time: Date? = nil) async throws(PromQueryError) -> PromQueryResult {
        var parameters = "query=\(TelemetryEndpoints.encode(expression))"
        if let time { parameters += "&time=\(String(format: "%.3f", time.timeIntervalSince1970))" }
        return try await get("/api/v1/query?" + parameters)
    }

    /// A range query from `start` to `end` every `step` seconds.
    public func queryRange(
        _ expression: String, start: Date, end: Date, step: Int
    ) async throws(PromQueryError) -> PromQueryResult {
        let parameters = [
            "query=\(TelemetryEndpoints.encode(expression))",
            "start=\(String(format: "%.3f", start.timeIntervalSince1970))",
            "end=\(String(format: "%.3f", end.timeIntervalSince1970))", "step=\(step)",
        ]
        return try await get("/api/v1/query_range?" + parameters.joined(separator: "&"))
    }

    func get(_ pathAndQuery: String) async throws(PromQueryError) -> PromQueryResult {
        let response: RoleHTTPResponse
        do {
            response = try await http.send("GET", baseURL + pathAndQuery)
        } catch {
            throw PromQueryError(message: "Prometheus at \(baseURL) did not answer: \(error)")
        }
        guard let body = try? JSONValue(parsing: response.body) else {
            throw PromQueryError(message: "Prometheus answered HTTP \(response.status) without JSON")
        }
        return try Self.decode(body)
    }

    /// Decodes a Prometheus API answer (success or error) into a result.
    static func decode(_ body: JSONValue) throws(PromQueryError) -> PromQueryResult {
        guard body["status"]?.stringValue == "success", let data = body["data"] else {
            let kind = body["errorType"]?.stringValue ?? "error"
            throw PromQueryError(message: "\(kind): \(body["error"]?.stringValue ?? "unknown error")")
        }
        let type = data["resultType"]?.stringValue ?? ""
        func sample(_ pair: JSONValue?) -> (time: Double, value: String)? {
            guard let items = pair?.arrayValue, items.count == 2, let value = items[1].stringValue else { return nil }
            let time = items[0].doubleValue ?? 0
            return (time, value)
        }
        switch type {
        case "scalar", "string":
            return PromQueryResult(
                resultType: type, series: [PromSeries(labels: [:], samples: sample(data["result"]).map { [$0] } ?? [])])
        default:
            let series = (data["result"]?.arrayValue ?? []).map { item -> PromSeries in
                var labels: [String: String] = [:]
                for (key, value) in item["metric"]?.objectValue ?? [:] { labels[key] = value.stringValue ?? "" }
                let samples =
                    type == "matrix"
                    ? (item["values"]?.arrayValue ?? []).compactMap(sample) : sample(item["value"]).map { [$0] } ?? []
                return PromSeries(labels: labels, samples: samples)
            }
            return PromQueryResult(resultType: type, series: series)
        }
    }
}
