import Foundation

/// Readers for the telemetry observations the heuristic agent asks for: `query_metrics` answers and
/// `read_traces` tables, and the call-graph reasoning over them ("which failing service is the deepest").
public enum HeuristicAgentSignals {
    /// One series of a `query_metrics` answer.
    public struct Series: Sendable, Hashable {
        /// The labels, `__name__` excluded.
        public var labels: [String: String]
        /// The last value shown.
        public var value: Double
    }

    /// One span row of a `read_traces` table.
    public struct Span: Sendable, Hashable {
        /// The trace id.
        public var traceID: String
        /// The span id.
        public var spanID: String
        /// The parent span id, `ROOT` for a root span.
        public var parent: String
        /// The service that recorded the span.
        public var service: String
        /// The operation name, e.g. `GET /hotels`.
        public var operation: String
        /// Whether the span is marked as an error.
        public var hasError: Bool
        /// The response column (`500`, `Unknown`, …).
        public var response: String
    }

    /// Parses `query_metrics` lines such as `name{a="1", b="2"} => 0.5 @1700000000.000`; other lines are skipped.
    public static func series(_ text: String) -> [Series] {
        text.split(separator: "\n").compactMap { line -> Series? in
            guard let arrow = line.range(of: " => ") else { return nil }
            let head = line[..<arrow.lowerBound]
            let values = line[arrow.upperBound...].split(separator: ",")
            guard let last = values.last?.split(separator: " ").first, let value = Double(last) else { return nil }
            var labels: [String: String] = [:]
            if let open = head.firstIndex(of: "{"), let close = head.lastIndex(of: "}"), open < close {
                let body = String(head[head.index(after: open)..<close])
                for pair in HeuristicAgentEvidence.allPairs(#"([A-Za-z_][A-Za-z0-9_]*)="([^"]*)""#, in: body) {
                    labels[pair.0] = pair.1
                }
            }
            return Series(labels: labels, value: value)
        }
    }

    /// Parses a `read_traces` table (right-aligned columns under a header that names `trace_id` … `response`).
    /// Cells are cut at the end of each header name, so operation names with spaces survive.
    public static func spans(_ text: String) -> [Span] {
        let lines = text.components(separatedBy: "\n")
        guard let headerIndex = lines.firstIndex(where: { $0.contains("trace_id") && $0.contains("service_name") })
        else { return [] }
        let header = Array(lines[headerIndex])
        var names: [String] = []
        var ends: [Int] = []
        var index = 0
        while index < header.count {
            if header[index] == " " {
                index += 1
                continue
            }
            let start = index
            while index < header.count, header[index] != " " { index += 1 }
            names.append(String(header[start..<index]))
            ends.append(index)
        }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let trace = column("trace_id"), let span = column("span_id"), let parent = column("parent_span"),
            let service = column("service_name"), let operation = column("operation_name"),
            let error = column("has_error")
        else { return [] }
        let response = column("response")
        return lines[(headerIndex + 1)...].compactMap { line -> Span? in
            let chars = Array(line)
            guard chars.count >= (ends.last ?? 0) - 1 else { return nil }
            func cell(_ position: Int) -> String {
                let start = position == 0 ? 0 : min(ends[position - 1], chars.count)
                let end = min(ends[position], chars.count)
                guard start < end else { return "" }
                return String(chars[start..<end]).trimmingCharacters(in: .whitespaces)
            }
            let id = cell(span)
            guard !id.isEmpty else { return nil }
            return Span(
                traceID: cell(trace), spanID: id, parent: cell(parent), service: cell(service),
                operation: cell(operation), hasError: cell(error) == "True",
                response: response.map(cell) ?? "Unknown")
        }
    }

    /// Where error spans end: for each error span that has no erroring child, its service (`own`) — or, when it
    /// is an outbound call (its parent is in the same service) that got no answer and has no child at all, the
    /// service that made the call (`outbound`), whose peer is then named by the metrics. Counts per service,
    /// most first.
    public static func errorLeaves(_ spans: [Span]) -> (own: [(String, Int)], outbound: [(String, Int)]) {
        var byID: [String: Span] = [:]
        var children: [String: [Span]] = [:]
        for span in spans {
            byID[span.traceID + "/" + span.spanID] = span
            children[span.traceID + "/" + span.parent, default: []].append(span)
        }
        var own: [String: Int] = [:]
        var outbound: [String: Int] = [:]
        for span in spans where span.hasError {
            let kids = children[span.traceID + "/" + span.spanID] ?? []
            guard !kids.contains(where: \.hasError) else { continue }
            let parent = byID[span.traceID + "/" + span.parent]
            if kids.isEmpty, parent?.service == span.service, !span.service.isEmpty,
                span.response == "Unknown" || span.response.hasPrefix("5")
            {
                outbound[span.service, default: 0] += 1
            } else {
                own[span.service, default: 0] += 1
            }
        }
        func ranked(_ counts: [String: Int]) -> [(String, Int)] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        return (ranked(own), ranked(outbound))
    }

    /// The deepest failing services of a failing-call graph (caller → peer → failed calls): peers that fail
    /// calls made to them while making no failing calls themselves, most failed calls first. A cycle-only graph
    /// gives the most-failed peer.
    public static func deepestFailing(_ edges: [String: [String: Double]]) -> [String] {
        var intoPeer: [String: Double] = [:]
        for (_, peers) in edges {
            for (peer, count) in peers where count > 0 { intoPeer[peer, default: 0] += count }
        }
        let callersFailing = Set(edges.filter { $0.value.values.contains { $0 > 0 } }.keys)
        let ranked = intoPeer.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        let leaves = ranked.filter { !callersFailing.contains($0) }
        return leaves.isEmpty ? Array(ranked.prefix(1)) : leaves
    }
}
