import Synchronization

/// A thread-safe, bounded, in-memory store of spans grouped into traces, indexed by service and operation.
///
/// Memory is bounded by `maxSpans`: when an insert goes over, whole traces are evicted oldest first (by the
/// time their first span arrived) until the total fits again. Service and operation names stay listed after
/// their traces are evicted, as Jaeger's do. A span delivered twice (same trace and span id) is kept once.
public final class TraceStore: Sendable {
    /// The default bound on stored spans.
    public static let defaultMaxSpans = 200_000

    /// Counters describing the store's contents and history.
    public struct Statistics: Sendable, Hashable {
        /// Spans currently stored.
        public var spans: Int
        /// Traces currently stored.
        public var traces: Int
        /// Traces evicted to respect the bound since the store was created.
        public var evictedTraces: Int
        /// Spans evicted with those traces.
        public var evictedSpans: Int
        /// Spans ignored because they were already stored.
        public var duplicateSpans: Int
    }

    /// The bound on stored spans.
    public let maxSpans: Int
    private let state: Mutex<TraceStoreState>

    /// Creates an empty store holding at most `maxSpans` spans (at least 1).
    public init(maxSpans: Int = TraceStore.defaultMaxSpans) {
        self.maxSpans = max(1, maxSpans)
        self.state = Mutex(TraceStoreState())
    }

    /// Adds spans, evicting the oldest traces if the bound is exceeded.
    public func insert(_ spans: some Sequence<SpanRecord>) {
        state.withLock { state in
            for span in spans { state.insert(span) }
            state.evict(toFit: maxSpans)
        }
    }

    /// The spans of one trace, ordered by start time, or `nil` if the trace is unknown (or was evicted).
    ///
    /// The id is matched case-insensitively; shorter ids are left-padded with zeros as Jaeger does.
    public func trace(id: String) -> [SpanRecord]? {
        let key = TraceStoreState.normalize(traceID: id)
        return state.withLock { state in state.traces[key].map { TraceStoreState.sorted($0.spans) } }
    }

    /// Every service that has reported a span, sorted.
    public func services() -> [String] {
        state.withLock { state in state.operations.keys.sorted() }
    }

    /// The operations of a service with the span kinds seen for each, sorted by name then kind; optionally
    /// only those of one kind.
    public func operations(service: String, kind: SpanRecord.Kind? = nil) -> [(name: String, kind: SpanRecord.Kind)] {
        state.withLock { state in
            let byName = state.operations[service] ?? [:]
            var result: [(name: String, kind: SpanRecord.Kind)] = []
            for name in byName.keys.sorted() {
                for seen in (byName[name] ?? []).sorted(by: { $0.rawValue < $1.rawValue })
                where kind == nil || kind == seen {
                    result.append((name, seen))
                }
            }
            return result
        }
    }

    /// The traces matching a query, most recent first (by the matching trace's earliest start), at most
    /// `query.limit` of them; each trace's spans are ordered by start time.
    public func search(_ query: TraceQuery) -> [[SpanRecord]] {
        state.withLock { state in
            let candidates: Set<String>
            if let service = query.serviceName {
                if let operation = query.operationName {
                    candidates = state.operationTraces[TraceStoreState.operationKey(service, operation)] ?? []
                } else {
                    candidates = state.serviceTraces[service] ?? []
                }
            } else {
                candidates = Set(state.traces.keys)
            }
            var matches: [(start: UInt64, spans: [SpanRecord])] = []
            for traceID in candidates {
                guard let entry = state.traces[traceID], entry.spans.contains(where: query.matches) else { continue }
                matches.append((entry.spans.map(\.startUnixNano).min() ?? 0, entry.spans))
            }
            matches.sort {
                $0.start != $1.start
                    ? $0.start > $1.start : ($0.spans.first?.traceID ?? "") < ($1.spans.first?.traceID ?? "")
            }
            return matches.prefix(max(0, query.limit)).map { TraceStoreState.sorted($0.spans) }
        }
    }

    /// Current counts.
    public var statistics: Statistics {
        state.withLock { state in
            Statistics(
                spans: state.spanCount, traces: state.traces.count, evictedTraces: state.evictedTraces,
                evictedSpans: state.evictedSpans, duplicateSpans: state.duplicateSpans
            )
        }
    }
}
