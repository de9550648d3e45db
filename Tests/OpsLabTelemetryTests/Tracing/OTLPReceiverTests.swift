import Foundation
import OpsLabCore
import OpsLabTelemetry
import Testing

@Suite struct OTLPReceiverTests {
    @Test func acceptsJSONAndFeedsTheStore() throws {
        let store = TraceStore()
        let receiver = OTLPReceiver(store: store)
        let body = OTLPTraceJSON.encodeData([TracingTestSpans.span(trace: 1, span: 1)])
        let response = receiver.handle(
            method: "POST", path: "/v1/traces", contentType: "application/json; charset=utf-8", body: body)
        #expect(response.status == 200)
        #expect(response.contentType == "application/json")
        #expect(try JSONValue(parsing: response.body) == ["partialSuccess": [:]])
        #expect(store.statistics.spans == 1)
    }

    @Test func rejectsProtobufWith415() throws {
        let store = TraceStore()
        let response = OTLPReceiver(store: store).handle(
            method: "POST", path: "/v1/traces", contentType: "application/x-protobuf", body: Data([0x0a, 0x00]))
        #expect(response.status == 415)
        let message = try #require(try JSONValue(parsing: response.body)["message"]?.stringValue)
        #expect(message.contains("only application/json"))
        #expect(message.contains("protobuf"))
        #expect(store.statistics.spans == 0)
    }

    @Test func rejectsBadJSONWith400() throws {
        let store = TraceStore()
        let response = OTLPReceiver(store: store).handle(
            method: "POST", path: "/v1/traces", contentType: "application/json",
            body: Data(#"{"resourceSpans":7}"#.utf8))
        #expect(response.status == 400)
        #expect(try JSONValue(parsing: response.body)["message"]?.stringValue?.contains("resourceSpans") == true)
    }

    @Test func rejectsOtherMethodsPathsAndEncodings() {
        let receiver = OTLPReceiver(store: TraceStore())
        #expect(receiver.handle(method: "GET", path: "/v1/traces", contentType: nil, body: Data()).status == 405)
        #expect(receiver.handle(method: "POST", path: "/v1/metrics", contentType: nil, body: Data()).status == 404)
        let gzip = receiver.handle(
            method: "POST", path: "/v1/traces", contentType: "application/json", contentEncoding: "gzip", body: Data())
        #expect(gzip.status == 415)
    }
}
