import Foundation
import Synchronization
import Tracing

@testable import OpsLabApps

/// Trace and span ids of a recorded span, kept in its `ServiceContext`.
struct RecordedIDs: Sendable, Equatable {
    var traceID: String
    var spanID: String
    var parentSpanID: String?
}

/// The context key of ``RecordedIDs``.
enum RecordedIDsKey: ServiceContextKey {
    typealias Value = RecordedIDs
}

/// A finished span as the recording tracer keeps it.
struct FinishedSpan: Sendable {
    var name: String
    var kind: SpanKind
    var ids: RecordedIDs
    var attributes: SpanAttributes
    var status: SpanStatus?
    var errorCount: Int

    /// A string attribute, if set.
    func string(_ name: String) -> String? {
        guard case .string(let value)? = attributes.get(name) else { return nil }
        return value
    }

    /// An integer attribute, if set.
    func int(_ name: String) -> Int64? {
        switch attributes.get(name) {
        case .int64(let value)?: return value
        case .int32(let value)?: return Int64(value)
        default: return nil
        }
    }
}

/// A tiny tracer that records finished spans and propagates W3C `traceparent` headers.
final class RecordingTracer: Tracer {
    private let finished = Mutex<[FinishedSpan]>([])
    private let counter = Mutex<UInt64>(0)

    /// Every finished span, in the order they ended.
    var spans: [FinishedSpan] { finished.withLock { $0 } }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> RecordedSpan {
        var context = context()
        let parent = context[RecordedIDsKey.self]
        let ids = RecordedIDs(
            traceID: parent?.traceID ?? nextID(hexDigits: 32), spanID: nextID(hexDigits: 16),
            parentSpanID: parent?.spanID)
        context[RecordedIDsKey.self] = ids
        return RecordedSpan(name: operationName, kind: kind, context: context, ids: ids) { span in
            self.finished.withLock { $0.append(span) }
        }
    }

    func forceFlush() {}

    func extract<Carrier, Extract>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract: Extractor, Extract.Carrier == Carrier {
        guard let header = extractor.extract(key: "traceparent", from: carrier) else { return }
        let parts = header.split(separator: "-")
        guard parts.count == 4, parts[1].count == 32, parts[2].count == 16 else { return }
        context[RecordedIDsKey.self] = RecordedIDs(
            traceID: String(parts[1]), spanID: String(parts[2]), parentSpanID: nil)
    }

    func inject<Carrier, Inject>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject: Injector, Inject.Carrier == Carrier {
        guard let ids = context[RecordedIDsKey.self] else { return }
        injector.inject("00-\(ids.traceID)-\(ids.spanID)-01", forKey: "traceparent", into: &carrier)
    }

    private func nextID(hexDigits: Int) -> String {
        let value = counter.withLock { count -> UInt64 in
            count += 1
            return count
        }
        let text = String(value, radix: 16)
        return String(repeating: "0", count: hexDigits - text.count) + text
    }
}

/// A span of ``RecordingTracer``.
final class RecordedSpan: Span {
    let context: ServiceContext
    let kind: SpanKind
    let ids: RecordedIDs
    private let state: Mutex<(name: String, attributes: SpanAttributes, status: SpanStatus?, errors: Int, ended: Bool)>
    private let onEnd: @Sendable (FinishedSpan) -> Void

    init(
        name: String, kind: SpanKind, context: ServiceContext, ids: RecordedIDs,
        onEnd: @escaping @Sendable (FinishedSpan) -> Void
    ) {
        self.context = context
        self.kind = kind
        self.ids = ids
        self.onEnd = onEnd
        state = Mutex((name, [:], nil, 0, false))
    }

    var operationName: String {
        get { state.withLock { $0.name } }
        set { state.withLock { $0.name = newValue } }
    }

    var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { $0.attributes = newValue } }
    }

    var isRecording: Bool { state.withLock { !$0.ended } }

    func setStatus(_ status: SpanStatus) { state.withLock { $0.status = status } }

    func addEvent(_ event: SpanEvent) {}

    func recordError<Instant: TracerInstant>(
        _ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant
    ) {
        state.withLock { $0.errors += 1 }
    }

    func addLink(_ link: SpanLink) {}

    func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let snapshot = state.withLock { state -> FinishedSpan? in
            guard !state.ended else { return nil }
            state.ended = true
            return FinishedSpan(
                name: state.name, kind: kind, ids: ids, attributes: state.attributes, status: state.status,
                errorCount: state.errors)
        }
        if let snapshot { onEnd(snapshot) }
    }
}

/// One sample line of a Prometheus text exposition.
struct ExpositionSample: Equatable {
    var name: String
    var labels: [String: String]
    var value: Double
}

/// A strict line-by-line reader of the Prometheus text format (0.0.4) for tests.
enum Exposition {
    struct ParseError: Error, CustomStringConvertible {
        var line: String
        var description: String { "not a valid exposition line: \(line)" }
    }

    /// Parses every line; throws on the first one that is neither a comment, a blank line nor a sample.
    static func parse(_ text: String) throws -> (samples: [ExpositionSample], types: [String: String]) {
        var samples: [ExpositionSample] = []
        var types: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.isEmpty { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, isName(parts[2]),
                    ["counter", "gauge", "histogram", "summary", "untyped"].contains(String(parts[3]))
                else { throw ParseError(line: line) }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("# HELP ") || line.hasPrefix("#") { continue }
            samples.append(try sample(line))
        }
        return (samples, types)
    }

    /// Parses `name{a="b",c="d"} value`.
    static func sample(_ line: String) throws -> ExpositionSample {
        var rest = Substring(line)
        let nameEnd = rest.firstIndex(where: { $0 == "{" || $0 == " " }) ?? rest.endIndex
        let name = rest[..<nameEnd]
        guard isName(name) else { throw ParseError(line: line) }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "="), isName(rest[..<equals]) else {
                    throw ParseError(line: line)
                }
                let label = String(rest[..<equals])
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"" else { throw ParseError(line: line) }
                rest = rest.dropFirst()
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\", let escaped = rest.first {
                        rest = rest.dropFirst()
                        value.append(escaped == "n" ? "\n" : escaped)
                    } else {
                        value.append(character)
                    }
                }
                guard rest.first == "\"" else { throw ParseError(line: line) }
                rest = rest.dropFirst()
                labels[label] = value
                if rest.first == "," { rest = rest.dropFirst() }
                guard !rest.isEmpty else { throw ParseError(line: line) }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { throw ParseError(line: line) }
        let fields = rest.dropFirst().split(separator: " ")
        guard (1...2).contains(fields.count), let value = number(fields[0]) else { throw ParseError(line: line) }
        return ExpositionSample(name: String(name), labels: labels, value: value)
    }

    static func number(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }

    static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" || first == ":" else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == ":" }
    }
}

extension [ExpositionSample] {
    /// The value of the sample with this name and exactly these labels, if any.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        first { $0.name == name && $0.labels == labels }?.value
    }
}
