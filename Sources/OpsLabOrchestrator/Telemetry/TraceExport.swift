import Foundation
import OpsLabApps
import OpsLabCore

/// `get_traces`: exports spans from the cluster's Jaeger query API into one CSV file, as AIOpsLab's
/// `get_traces` does (`trace_output/traces_<epoch>.csv`).
///
/// Columns: `trace_id, span_id, parent_span` (the first CHILD_OF reference, else `ROOT`), `service_name,
/// operation_name, start_time` (µs since the epoch), `duration` (µs), `has_error` (`True` when the span has tag
/// `error=true`), `response` (tag `http.status_code`, `http.response.status_code` or `response_class`, else
/// `Unknown`). Unlike the original, a trace listed under several services is written once, and spans are
/// sorted by start time.
public struct TraceExport: Sendable {
    /// The Jaeger base URL, e.g. `http://127.3.0.13:16686`.
    public var baseURL: String
    let http: RoleHTTPClient

    /// Creates an exporter for `baseURL`.
    public init(baseURL: String, http: RoleHTTPClient = RoleHTTPClient(resolver: nil, timeout: .seconds(10))) {
        self.baseURL = baseURL
        self.http = http
    }

    /// The CSV header.
    public static let header = [
        "trace_id", "span_id", "parent_span", "service_name", "operation_name", "start_time", "duration", "has_error",
        "response",
    ]

    /// Fetches the last `minutes` of traces of the given services (all but Jaeger's own when `services` is nil),
    /// writes the CSV file under `workspace` and returns `Traces data exported to: <path>`.
    public func export(services wanted: Set<String>?, minutes: Int, workspace: String, now: Date) async throws -> String
    {
        let services = try await json("/api/services")["data"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var seen = Set<String>()
        var rows: [(Int64, [String])] = []
        let lookback = max(1, minutes) * 60
        for service in services.sorted() where service != "jaeger-all-in-one" {
            if let wanted, !wanted.contains(service) { continue }
            let answer = try await json(
                "/api/traces?service=\(TelemetryEndpoints.encode(service))&lookback=\(lookback)s&limit=1000")
            for trace in answer["data"]?.arrayValue ?? [] {
                for (key, row) in Self.rows(of: trace) where seen.insert(key).inserted { rows.append(row) }
            }
        }
        rows.sort { $0.0 < $1.0 }
        let table = CSVTable(header: Self.header, rows: rows.map(\.1))
        let directory = (workspace as NSString).appendingPathComponent("trace_output")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("traces_\(Int(now.timeIntervalSince1970)).csv")
        try table.csvText.write(toFile: path, atomically: true, encoding: .utf8)
        return "Traces data exported to: \(path)"
    }

    /// The rows of one Jaeger trace, keyed by `traceID/spanID`, with their start time for sorting.
    static func rows(of trace: JSONValue) -> [(String, (Int64, [String]))] {
        let processes = trace["processes"]?.objectValue ?? [:]
        return (trace["spans"]?.arrayValue ?? []).map { span in
            let traceID = span["traceID"]?.stringValue ?? ""
            let spanID = span["spanID"]?.stringValue ?? ""
            let parent =
                (span["references"]?.arrayValue ?? []).first { $0["refType"]?.stringValue == "CHILD_OF" }?["spanID"]?
                .stringValue ?? "ROOT"
            let process = span["processID"]?.stringValue ?? ""
            let service = processes[process]?["serviceName"]?.stringValue ?? ""
            var tags: [String: JSONValue] = [:]
            for tag in span["tags"]?.arrayValue ?? [] {
                if let key = tag["key"]?.stringValue, let value = tag["value"] { tags[key] = value }
            }
            let hasError = tags["error"]?.boolValue == true || tags["error"]?.stringValue == "true"
            let response =
                ["http.status_code", "http.response.status_code", "response_class"].lazy.compactMap { key in
                    tags[key].map { $0.stringValue ?? $0.intValue.map(String.init) ?? $0.jsonString() }
                }.first ?? "Unknown"
            let start = span["startTime"]?.intValue ?? 0
            let row = [
                traceID, spanID, parent, service, span["operationName"]?.stringValue ?? "", String(start),
                String(span["duration"]?.intValue ?? 0), hasError ? "True" : "False", response,
            ]
            return ("\(traceID)/\(spanID)", (start, row))
        }
    }

    func json(_ pathAndQuery: String) async throws -> JSONValue {
        let response = try await http.send("GET", baseURL + pathAndQuery)
        guard response.status == 200 else {
            throw PromQueryError(message: "Jaeger at \(baseURL) answered HTTP \(response.status): \(response.bodyText)")
        }
        return try JSONValue(parsing: response.body)
    }
}
