import Foundation
import OpsLabCore
import OpsLabTelemetry
import Testing

@Suite struct JaegerQueryAPITests {
    typealias T = TracingTestSpans

    /// Now = 1 s after the test spans' base time.
    static let now = Date(timeIntervalSince1970: Double(T.base / 1_000_000_000) + 1)

    static func api() -> JaegerQueryAPI {
        let store = TraceStore()
        store.insert([
            T.span(
                trace: 1, span: 1, service: "frontend", operation: "GET /hotels", startMillis: 0, millis: 300,
                status: .error("upstream 503"), attributes: ["http.response.status_code": 503, "http.method": "GET"]),
            T.span(
                trace: 1, span: 2, parent: 1, service: "frontend", operation: "search.Nearby", kind: .client,
                startMillis: 10, millis: 250),
            T.span(
                trace: 1, span: 3, parent: 2, service: "search", operation: "Nearby", startMillis: 11, millis: 240,
                status: .ok, attributes: ["ratio": 0.5, "cached": true]),
            T.span(
                trace: 2, span: 1, service: "frontend", operation: "GET /hotels", startMillis: 500, millis: 20,
                attributes: ["http.status_code": 200]),
        ])
        return JaegerQueryAPI(store: store)
    }

    func get(_ api: JaegerQueryAPI, _ path: String, _ query: [String: [String]] = [:]) throws -> (Int, JSONValue) {
        let response = api.handle(method: "GET", path: path, query: query, now: Self.now)
        #expect(response.contentType == "application/json")
        return (response.status, try JSONValue(parsing: response.body))
    }

    @Test func listsServices() throws {
        let (status, body) = try get(Self.api(), "/api/services")
        #expect(status == 200)
        #expect(body == ["data": ["frontend", "search"], "total": 2, "limit": 0, "offset": 0, "errors": nil])
    }

    @Test func listsOperationsBothWays() throws {
        let api = Self.api()
        let (_, legacy) = try get(api, "/api/services/frontend/operations")
        #expect(legacy["data"] == ["GET /hotels", "search.Nearby"])
        #expect(legacy["total"] == 2)
        let (_, servers) = try get(api, "/api/operations", ["service": ["frontend"], "spanKind": ["server"]])
        #expect(servers["data"] == [["name": "GET /hotels", "spanKind": "server"]])
        let (_, all) = try get(api, "/api/operations", ["service": ["frontend"]])
        #expect(all["data"]?.arrayValue?.count == 2)
        let (status, missing) = try get(api, "/api/operations")
        #expect(status == 400)
        #expect(missing["errors"]?[0]?["msg"] == "parameter 'service' is required")
    }

    @Test func returnsATraceInJaegersShape() throws {
        let (status, body) = try get(Self.api(), "/api/traces/\(T.traceID(1))")
        #expect(status == 200)
        #expect(body["errors"] == .null)
        let trace = try #require(body["data"]?[0])
        #expect(trace["traceID"] == .string(T.traceID(1)))
        #expect(trace["warnings"] == .null)
        #expect(
            trace["processes"] == [
                "p1": ["serviceName": "frontend", "tags": []], "p2": ["serviceName": "search", "tags": []],
            ])
        let spans = try #require(trace["spans"]?.arrayValue)
        #expect(spans.count == 3)
        let root = spans[0]
        #expect(root["spanID"] == .string(T.spanID(1)))
        #expect(root["operationName"] == "GET /hotels")
        #expect(root["references"] == [])
        #expect(root["startTime"] == .int(Int64(T.base / 1000)))
        #expect(root["duration"] == 300_000)
        #expect(root["processID"] == "p1")
        #expect(root["flags"] == 1)
        #expect(root["logs"] == [])
        #expect(root["warnings"] == .null)
        let tags = try #require(root["tags"]?.arrayValue)
        #expect(tags.contains(["key": "error", "type": "bool", "value": true]))
        #expect(tags.contains(["key": "span.kind", "type": "string", "value": "server"]))
        #expect(tags.contains(["key": "otel.status_code", "type": "string", "value": "ERROR"]))
        #expect(tags.contains(["key": "otel.status_description", "type": "string", "value": "upstream 503"]))
        #expect(tags.contains(["key": "http.response.status_code", "type": "int64", "value": 503]))
        let child = spans[2]
        #expect(child["processID"] == "p2")
        #expect(
            child["references"] == [
                ["refType": "CHILD_OF", "traceID": .string(T.traceID(1)), "spanID": .string(T.spanID(2))]
            ])
        let childTags = try #require(child["tags"]?.arrayValue)
        #expect(childTags.contains(["key": "ratio", "type": "float64", "value": 0.5]))
        #expect(childTags.contains(["key": "cached", "type": "bool", "value": true]))
        #expect(childTags.contains(["key": "otel.status_code", "type": "string", "value": "OK"]))
        #expect(!childTags.contains { $0["key"] == "error" })
    }

    @Test func unknownTraceIs404InJaegersErrorShape() throws {
        let (status, body) = try get(Self.api(), "/api/traces/\(T.traceID(99))")
        #expect(status == 404)
        #expect(
            body == [
                "data": nil, "total": 0, "limit": 0, "offset": 0, "errors": [["code": 404, "msg": "trace not found"]],
            ])
    }

    @Test func searchesTraces() throws {
        let api = Self.api()
        func search(_ query: [String: [String]]) throws -> [String] {
            let (status, body) = try get(api, "/api/traces", query)
            #expect(status == 200)
            return body["data"]?.arrayValue?.compactMap { $0["traceID"]?.stringValue } ?? []
        }
        #expect(try search(["service": ["frontend"], "lookback": ["1h"]]) == [T.traceID(2), T.traceID(1)])
        #expect(try search(["service": ["frontend"], "tags": [#"{"error":"true"}"#]]) == [T.traceID(1)])
        #expect(try search(["service": ["frontend"], "tags": [#"{"http.status_code":200}"#]]) == [T.traceID(2)])
        #expect(try search(["service": ["frontend"], "tag": ["http.method:GET"]]) == [T.traceID(1)])
        #expect(try search(["service": ["frontend"], "minDuration": ["100ms"]]) == [T.traceID(1)])
        #expect(try search(["service": ["frontend"], "maxDuration": ["0.05s"]]) == [T.traceID(2)])
        #expect(try search(["service": ["search"], "operation": ["Nearby"]]) == [T.traceID(1)])
        #expect(try search(["service": ["frontend"], "limit": ["1"]]) == [T.traceID(2)])
        let startMicros = String(T.base / 1000 + 400_000)
        #expect(try search(["service": ["frontend"], "start": [startMicros]]) == [T.traceID(2)])
        #expect(try search(["service": ["frontend"], "end": [String(T.base / 1000 + 100)]]) == [T.traceID(1)])
        let later = Date(timeIntervalSince1970: Self.now.timeIntervalSince1970 + 7200)
        let stale = api.handle(
            method: "GET", path: "/api/traces", query: ["service": ["frontend"], "lookback": ["1h"]], now: later)
        #expect(try JSONValue(parsing: stale.body)["data"] == [])
        #expect(try search(["traceID": [T.traceID(2)]]) == [T.traceID(2)])
    }

    @Test func rejectsBadSearchParameters() throws {
        let api = Self.api()
        for query: [String: [String]] in [
            [:], ["service": ["frontend"], "minDuration": ["fast"]], ["service": ["frontend"], "limit": ["-1"]],
            ["service": ["frontend"], "tags": ["{oops"]], ["service": ["frontend"], "start": ["yesterday"]],
            ["service": ["frontend"], "minDuration": ["2s"], "maxDuration": ["1s"]],
        ] {
            let (status, body) = try get(api, "/api/traces", query)
            #expect(status == 400, "\(query)")
            #expect(body["data"] == .null)
            #expect(body["errors"]?[0]?["code"] == 400)
        }
        #expect(api.handle(method: "POST", path: "/api/services", query: [:], now: Self.now).status == 405)
        #expect(api.handle(method: "GET", path: "/api/nothing", query: [:], now: Self.now).status == 404)
    }
}
