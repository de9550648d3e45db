import OpsLabTelemetry
import Testing

@Suite("Telemetry query parameters")
struct QueryParametersTests {
    @Test("the query string is percent- and plus-decoded, repeated names kept in order")
    func decodesQueryString() {
        let parsed = TelemetryQueryParameters.parse(
            target: "/api/v1/series?match%5B%5D=up&match[]=rate(x%5B5m%5D)&query=sum+by+(job)+(up)&flag",
            contentType: nil, body: [])
        #expect(parsed.path == "/api/v1/series")
        #expect(parsed.parameters.values("match[]") == ["up", "rate(x[5m])"])
        #expect(parsed.parameters["query"] == "sum by (job) (up)")
        #expect(parsed.parameters["flag"] == "")
        #expect(parsed.parameters["missing"] == nil)
    }

    @Test("a form-encoded POST body is merged after the query string")
    func mergesFormBody() {
        let body = Array("query=up%7Bjob%3D%22a%22%7D&time=1700000000.5&match[]=b".utf8)
        let parsed = TelemetryQueryParameters.parse(
            target: "/api/v1/query?match[]=a", contentType: "application/x-www-form-urlencoded; charset=UTF-8",
            body: body)
        #expect(parsed.parameters["query"] == "up{job=\"a\"}")
        #expect(parsed.parameters["time"] == "1700000000.5")
        #expect(parsed.parameters.values("match[]") == ["a", "b"])
        #expect(parsed.parameters.firstValues["match[]"] == "a")
        #expect(parsed.parameters.multiValued["match[]"] == ["a", "b"])
    }

    @Test("a JSON body is not read as parameters")
    func ignoresOtherBodies() {
        let parsed = TelemetryQueryParameters.parse(
            target: "/v1/traces", contentType: "application/json", body: Array("a=b".utf8))
        #expect(parsed.parameters.items.isEmpty)
    }

    @Test("malformed escapes are kept, UTF-8 is decoded, and empty targets are the root")
    func edgeCases() {
        let parameters = TelemetryQueryParameters(urlEncoded: "a=100%&b=%zz&c=%C3%A9&=x&&d")
        #expect(parameters["a"] == "100%")
        #expect(parameters["b"] == "%zz")
        #expect(parameters["c"] == "é")
        #expect(parameters.items.map(\.name) == ["a", "b", "c", "d"])
        #expect(TelemetryQueryParameters.parse(target: "", contentType: nil, body: []).path == "/")
        #expect(TelemetryQueryParameters.parse(target: "/x#frag", contentType: nil, body: []).path == "/x")
    }
}
