import Foundation
import Synchronization
import Testing
import Tracing

@testable import OpsLabTelemetry

@Suite struct TraceSamplerTests {
    final class FakeClock: Sendable {
        let seconds = Mutex(100.0)
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
        var now: @Sendable () -> Double { { self.seconds.withLock { $0 } } }
    }

    @Test func rateLimitKeepsAtMostTheBudgetAndRefills() {
        let clock = FakeClock()
        let sampler = TraceSampler(ratio: 1, maxTracesPerSecond: 5, now: clock.now)
        let first = (0..<20).filter { _ in sampler.shouldSample(traceID: "0123456789abcdef0123456789abcdef") }
        #expect(first.count == 5)
        clock.advance(0.4)
        let second = (0..<20).filter { _ in sampler.shouldSample(traceID: "0123456789abcdef0123456789abcdef") }
        #expect(second.count == 2)
    }

    @Test func ratioFollowsTheTraceIDSoEveryProcessAgrees() {
        #expect(TraceSampler.passesRatio(traceID: "ffffffffffffffff0000000000000001", ratio: 0.5))
        #expect(!TraceSampler.passesRatio(traceID: "0000000000000000ffffffffffffffff", ratio: 0.5))
        let sampler = TraceSampler(ratio: 0)
        #expect(!sampler.shouldSample(traceID: "0000000000000000000000000000000a"))
        #expect(TraceSampler.alwaysOn.shouldSample(traceID: "0000000000000000ffffffffffffffff"))
    }

    @Test func environmentChoosesRatioAndLimit() {
        #expect(TraceSampler.fromEnvironment([:]).maxTracesPerSecond == 100)
        #expect(TraceSampler.fromEnvironment([:]).ratio == 1)
        let otel = TraceSampler.fromEnvironment([
            "OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.25",
        ])
        #expect(otel.ratio == 0.25)
        let jaeger = TraceSampler.fromEnvironment(["JAEGER_SAMPLER_TYPE": "ratelimiting", "JAEGER_SAMPLER_PARAM": "7"])
        #expect(jaeger.maxTracesPerSecond == 7)
        let hotel = TraceSampler.fromEnvironment(["JAEGER_SAMPLE_RATIO": "1", "OPSLAB_TRACES_PER_SECOND": "0"])
        #expect(hotel.ratio == 1)
        #expect(hotel.maxTracesPerSecond == 0)
        #expect(TraceSampler.fromEnvironment(["OTEL_TRACES_SAMPLER": "always_off"]).ratio == 0)
    }

    @Test func unsampledRootsPropagateButRecordNothing() {
        let ended = Mutex(0)
        let tracer = OTLPTracer(
            serviceName: "frontend", sampler: TraceSampler(ratio: 0), onSpanEnd: { _ in ended.withLock { $0 += 1 } })
        let root = tracer.startSpan(
            "GET /hotels", context: ServiceContext.topLevel, ofKind: .server, at: DefaultTracerClock.now)
        #expect(!root.isRecording)
        #expect(!root.traceContext.isSampled)
        let child = tracer.startSpan("GET /nearby", context: root.context, ofKind: .client, at: DefaultTracerClock.now)
        #expect(child.traceContext.traceID == root.traceContext.traceID)
        #expect(!child.isRecording)
        child.end()
        root.end()
        #expect(ended.withLock { $0 } == 0)
    }
}
