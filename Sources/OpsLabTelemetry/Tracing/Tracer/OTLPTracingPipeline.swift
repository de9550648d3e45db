import Logging
import ServiceLifecycle

/// Everything a process needs to send its spans to an OTLP/HTTP receiver: an `OTLPTracer` feeding a
/// `SpanBatcher` that exports through an `OTLPHTTPExporter`.
///
/// Typical pod entry point:
/// ```swift
/// let tracing = try OTLPTracingPipeline(endpoint: "http://127.0.0.1:4318", serviceName: "frontend")
/// InstrumentationSystem.bootstrap(tracing.tracer)
/// let group = ServiceGroup(services: [tracing, server], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
/// `run()` exports on schedule; on graceful shutdown or cancellation it exports what is queued, closes the
/// connection and returns.
public final class OTLPTracingPipeline: Service, Sendable {
    /// The tracer to bootstrap.
    public let tracer: OTLPTracer
    /// The batcher between tracer and exporter.
    public let batcher: SpanBatcher
    /// The HTTP exporter.
    public let exporter: OTLPHTTPExporter

    /// Creates the pipeline for a receiver endpoint (e.g. `http://127.0.0.1:4318`) and a service name.
    ///
    /// - Throws: `TracingError` with code `invalid-endpoint` for an unusable URL.
    public init(
        endpoint: String, serviceName: String, configuration: SpanBatcher.Configuration = .init(),
        idGenerator: TracingIDGenerator = .init(), sampler: TraceSampler = .alwaysOn,
        logger: Logger = Logger(label: "opslab.telemetry.tracing")
    ) throws {
        let exporter = try OTLPHTTPExporter(endpoint: endpoint, logger: logger)
        let batcher = SpanBatcher(configuration: configuration, logger: logger) { spans in
            await exporter.export(spans)
        }
        self.exporter = exporter
        self.batcher = batcher
        self.tracer = OTLPTracer(
            serviceName: serviceName, batcher: batcher, idGenerator: idGenerator, sampler: sampler)
    }

    /// Runs the batcher until shutdown, then flushes and closes the exporter's connection.
    public func run() async throws {
        try await batcher.run()
        await exporter.shutdown()
    }
}
