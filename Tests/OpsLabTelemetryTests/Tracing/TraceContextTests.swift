import OpsLabTelemetry
import Testing

@Suite struct TraceContextTests {
    @Test func parsesAndFormatsTheSpecificationExample() throws {
        let header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let context = try TraceContext(traceparent: header, tracestate: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        #expect(context.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(context.spanID == "00f067aa0ba902b7")
        #expect(context.flags == 1)
        #expect(context.isSampled)
        #expect(context.traceState == "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        #expect(context.traceparent == header)
    }

    @Test func keepsUnsampledAndOtherFlags() throws {
        let unsampled = try TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
        #expect(!unsampled.isSampled)
        #expect(unsampled.traceparent.hasSuffix("-00"))
        let other = try TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0b")
        #expect(other.flags == 0x0b)
        #expect(other.traceparent.hasSuffix("-0b"))
    }

    @Test(arguments: [
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // all-zero span id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // forbidden version
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  // uppercase
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",  // short trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",  // short flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 with extra field
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",  // missing flags
        "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // short version
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba9g2b7-01",  // not hex
        "",
    ])
    func rejectsInvalidHeaders(header: String) {
        #expect(throws: TracingError.self) { try TraceContext(traceparent: header) }
        #expect(TraceContext.parse(traceparent: header) == nil)
    }

    @Test func acceptsAHigherVersionWithExtraFields() throws {
        let context = try TraceContext(traceparent: "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever")
        #expect(context.spanID == "00f067aa0ba902b7")
        #expect(context.traceparent.hasPrefix("00-"))
    }

    @Test func errorNamesTheProblem() {
        let error = #expect(throws: TracingError.self) {
            try TraceContext(traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
        }
        #expect(error?.code == "invalid-traceparent")
        #expect(error?.message.contains("all zeros") == true)
    }

    @Test func emptyTracestateIsDropped() throws {
        let context = try TraceContext(
            traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "  ")
        #expect(context.traceState == nil)
    }
}
