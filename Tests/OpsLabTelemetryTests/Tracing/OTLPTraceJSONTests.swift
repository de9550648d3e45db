import Foundation
import OpsLabCore
import OpsLabTelemetry
import Testing

@Suite struct OTLPTraceJSONTests {
    static let server = SpanRecord(
        traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7", serviceName: "frontend",
        operationName: "GET /hotels", kind: .server, startUnixNano: 1_700_000_000_123_456_789,
        endUnixNano: 1_700_000_000_223_456_789, status: .error("upstream 503"),
        attributes: ["http.response.status_code": 503, "http.request.method": "GET", "ratio": 0.25, "cached": false],
        events: [
            .init(name: "exception", timeUnixNano: 1_700_000_000_200_000_000, attributes: ["exception.message": "boom"])
        ]
    )
    static let client = SpanRecord(
        traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "1111111111111111", parentSpanID: "00f067aa0ba902b7",
        serviceName: "frontend", operationName: "GET search", kind: .client, startUnixNano: 1_700_000_000_130_000_000,
        endUnixNano: 1_700_000_000_150_000_000, status: .ok
    )
    static let search = SpanRecord(
        traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "2222222222222222", parentSpanID: "1111111111111111",
        serviceName: "search", operationName: "GET /nearby", kind: .server, startUnixNano: 1_700_000_000_131_000_000,
        endUnixNano: 1_700_000_000_149_000_000
    )

    @Test func roundTripsSpans() throws {
        let spans = [Self.server, Self.client, Self.search]
        let decoded = try OTLPTraceJSON.decode(OTLPTraceJSON.encodeData(spans))
        #expect(Set(decoded) == Set(spans))
    }

    @Test func encodesTheOTLPJSONMapping() throws {
        let json = OTLPTraceJSON.encode([Self.server, Self.search])
        let resources = try #require(json["resourceSpans"]?.arrayValue)
        #expect(resources.count == 2)
        let frontend = try #require(resources.first)
        #expect(frontend[path: ["resource", "attributes"]]?[0]?["key"] == "service.name")
        #expect(frontend[path: ["resource", "attributes"]]?[0]?[path: ["value", "stringValue"]] == "frontend")
        let span = try #require(frontend["scopeSpans"]?[0]?["spans"]?[0])
        #expect(span["traceId"] == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(span["kind"] == 2)
        #expect(span["startTimeUnixNano"] == "1700000000123456789")
        #expect(span["status"] == ["code": 2, "message": "upstream 503"])
        #expect(span["parentSpanId"] == nil)
        let attributes = try #require(span["attributes"]?.arrayValue)
        #expect(attributes.contains(["key": "http.response.status_code", "value": ["intValue": "503"]]))
        #expect(attributes.contains(["key": "cached", "value": ["boolValue": false]]))
        #expect(attributes.contains(["key": "ratio", "value": ["doubleValue": 0.25]]))
        #expect(span["events"]?[0]?["name"] == "exception")
    }

    /// The shape of the OTLP specification's example, with upper-case hex ids, as SDKs and collectors send it.
    @Test func decodesTheSpecificationExample() throws {
        let body = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
            "scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0","attributes":[{"key":"my.scope.attribute",
            "value":{"stringValue":"some scope attribute"}}]},"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C",
            "spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173","name":"I'm a server span",
            "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","kind":2,
            "attributes":[{"key":"my.span.attr","value":{"stringValue":"some value"}}]}]}]}]}
            """
        let spans = try OTLPTraceJSON.decode(Data(body.utf8))
        let span = try #require(spans.first)
        #expect(spans.count == 1)
        #expect(span.traceID == "5b8efff798038103d269b633813fc60c")
        #expect(span.parentSpanID == "eee19b7ec3c1b173")
        #expect(span.serviceName == "my.service")
        #expect(span.scopeName == "my.library")
        #expect(span.kind == .server)
        #expect(span.durationNanos == 1_000_000_000)
        #expect(span.attributes["my.span.attr"] == "some value")
        #expect(span.status == .unset)
    }

    /// What opentelemetry-js's JSON exporter sends: numbers for intValue, empty parentSpanId, extra fields.
    @Test func decodesAnSDKExport() throws {
        let body = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"frontend"}},
            {"key":"telemetry.sdk.language","value":{"stringValue":"nodejs"}}],"droppedAttributesCount":0},
            "scopeSpans":[{"scope":{"name":"@opentelemetry/instrumentation-http","version":"0.52.1"},"spans":[
            {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"","traceState":"",
            "name":"GET","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":1544712660000000000,
            "endTimeUnixNano":"1544712660500000000","attributes":[{"key":"http.status_code","value":{"intValue":500}},
            {"key":"net.peer.port","value":{"intValue":"8080"}},{"key":"ok","value":{"boolValue":false}},
            {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"}]}}},{"key":"empty","value":{}}],
            "droppedAttributesCount":0,"events":[{"timeUnixNano":"1544712660400000000","name":"exception",
            "attributes":[{"key":"exception.message","value":{"stringValue":"ECONNREFUSED"}}],"droppedAttributesCount":0}],
            "droppedEventsCount":0,"status":{"code":"STATUS_CODE_ERROR","message":"ECONNREFUSED"},"links":[],
            "droppedLinksCount":0}]}],"schemaUrl":"https://opentelemetry.io/schemas/1.25.0"}]}
            """
        let span = try #require(try OTLPTraceJSON.decode(Data(body.utf8)).first)
        #expect(span.parentSpanID == nil)
        #expect(span.kind == .client)
        #expect(span.startUnixNano == 1_544_712_660_000_000_000)
        #expect(span.attributes["http.status_code"] == .int(500))
        #expect(span.attributes["net.peer.port"] == .int(8080))
        #expect(span.attributes["ok"] == .bool(false))
        #expect(span.attributes["tags"]?.description.contains("stringValue") == true)
        #expect(span.attributes["empty"] == nil)
        #expect(span.status == .error("ECONNREFUSED"))
        #expect(span.events.first?.attributes["exception.message"] == "ECONNREFUSED")
    }

    @Test(arguments: [
        ("not json", "not valid JSON"),
        ("[]", "expected a JSON object"),
        (#"{"resourceSpans":{}}"#, "resourceSpans: expected an array"),
        (#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"eee19b7ec3c1b174","name":"x"}]}]}]}"#, "traceId"),
        (
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz","spanId":"eee19b7ec3c1b174","name":"x"}]}]}]}"#,
            "resourceSpans[0].scopeSpans[0].spans[0].traceId"
        ),
        (
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"x","kind":9}]}]}]}"#,
            "unknown span kind"
        ),
        (
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"x","startTimeUnixNano":"soon"}]}]}]}"#,
            "startTimeUnixNano"
        ),
        (
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"x","attributes":[{"key":"a","value":{"intValue":"x1"}}]}]}]}]}"#,
            "intValue"
        ),
    ])
    func rejectsMalformedInput(body: String, expected: String) {
        let error = #expect(throws: TracingError.self) { try OTLPTraceJSON.decode(Data(body.utf8)) }
        #expect(error?.code == "invalid-otlp")
        #expect(error?.message.contains(expected) == true, "\(String(describing: error?.message))")
    }

    @Test func emptyRequestHasNoSpans() throws {
        #expect(try OTLPTraceJSON.decode(Data("{}".utf8)).isEmpty)
    }
}
