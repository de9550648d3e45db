/// The mutable contents of a `TraceStore`, kept behind its lock.
struct TraceStoreState {
    struct Entry {
        var spans: [SpanRecord] = []
        var spanIDs: Set<String> = []
        var services: Set<String> = []
        var operations: Set<String> = []
    }

    var traces: [String: Entry] = [:]
    /// Trace ids in arrival order; `head` marks the oldest still relevant position.
    var arrival: [String] = []
    var head = 0
    var spanCount = 0
    var serviceTraces: [String: Set<String>] = [:]
    var operationTraces: [String: Set<String>] = [:]
    /// service → operation → kinds seen; never evicted.
    var operations: [String: [String: Set<SpanRecord.Kind>]] = [:]
    var evictedTraces = 0
    var evictedSpans = 0
    var duplicateSpans = 0

    static func operationKey(_ service: String, _ operation: String) -> String { service + "\u{0}" + operation }

    static func normalize(traceID: String) -> String {
        let lower = traceID.lowercased()
        return lower.count < 32 ? String(repeating: "0", count: 32 - lower.count) + lower : lower
    }

    static func sorted(_ spans: [SpanRecord]) -> [SpanRecord] {
        spans.sorted {
            $0.startUnixNano != $1.startUnixNano ? $0.startUnixNano < $1.startUnixNano : $0.spanID < $1.spanID
        }
    }

    mutating func insert(_ span: SpanRecord) {
        let traceID = Self.normalize(traceID: span.traceID)
        var entry =
            traces[traceID]
            ?? {
                arrival.append(traceID)
                return Entry()
            }()
        guard entry.spanIDs.insert(span.spanID).inserted else {
            duplicateSpans += 1
            traces[traceID] = entry
            return
        }
        entry.spans.append(span)
        entry.services.insert(span.serviceName)
        let operationKey = Self.operationKey(span.serviceName, span.operationName)
        entry.operations.insert(operationKey)
        traces[traceID] = entry
        spanCount += 1
        serviceTraces[span.serviceName, default: []].insert(traceID)
        operationTraces[operationKey, default: []].insert(traceID)
        operations[span.serviceName, default: [:]][span.operationName, default: []].insert(span.kind)
    }

    mutating func evict(toFit maxSpans: Int) {
        while spanCount > maxSpans, head < arrival.count {
            let traceID = arrival[head]
            head += 1
            guard let entry = traces.removeValue(forKey: traceID) else { continue }
            spanCount -= entry.spans.count
            evictedTraces += 1
            evictedSpans += entry.spans.count
            for service in entry.services {
                serviceTraces[service]?.remove(traceID)
                if serviceTraces[service]?.isEmpty == true { serviceTraces[service] = nil }
            }
            for key in entry.operations {
                operationTraces[key]?.remove(traceID)
                if operationTraces[key]?.isEmpty == true { operationTraces[key] = nil }
            }
        }
        if head > 1024, head * 2 > arrival.count {
            arrival.removeFirst(head)
            head = 0
        }
    }
}
