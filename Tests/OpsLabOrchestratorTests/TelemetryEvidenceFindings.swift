import Foundation
import OpsLabOrchestrator

/// What one ``TelemetryEvidenceProbe`` investigation saw, read back from the agent's transcript.
struct TelemetryEvidenceFindings: Sendable {
    /// The output of both rounds of curl requests through the frontend.
    var requests = ""
    /// Each PromQL question's answer.
    var queries: [TelemetryEvidenceProbe.Query: EvidenceQueryAnswer] = [:]
    /// What `get_traces` answered.
    var tracesExport = ""
    /// What `read_traces` answered.
    var tracesText = ""
    /// `read_traces` as a table (`nil` when it was not one).
    var traces: EvidenceTable?
    /// The error spans of the whole trace file, counted (see ``TelemetryEvidenceProbe/errorSpanCommand(file:)``).
    var errorSpans: [ErrorSpans] = []
    /// What the error-span count answered, as text.
    var errorSpansText = ""
    /// Each service's `get_logs` answer.
    var logs: [String: String] = [:]
    /// The whole transcript as text, for failure messages and dumps.
    var transcript = ""

    /// Reads a transcript of ``TelemetryEvidenceProbe/steps(for:)`` (a repeated query counts with its last answer).
    init(_ transcript: [(action: String, observation: String?)]) {
        var text: [String] = []
        for (action, observation) in transcript {
            text.append(">>> \(action)\n\(observation ?? "(none)")")
            guard let observation else { continue }
            if action.hasPrefix("exec_shell(\"curl") {
                requests += observation + "\n"
            } else if action.hasPrefix("query_metrics(") {
                let query = TelemetryEvidenceProbe.Query.allCases.first { action.contains(Self.quoted($0.promql)) }
                if let query { queries[query] = EvidenceQueryAnswer.parse(observation) }
            } else if action.hasPrefix("get_traces(") {
                tracesExport = observation
            } else if action.hasPrefix("read_traces(") {
                tracesText = observation
                traces = EvidenceTable.parse(observation)
            } else if action.hasPrefix("exec_shell(\"awk") {
                errorSpansText = observation
                errorSpans = ErrorSpans.parse(observation)
            } else if action.hasPrefix("get_logs(") {
                let service = TelemetryEvidenceProbe.logServices.first { action.hasSuffix("\"\($0)\")") }
                if let service { logs[service] = observation }
            }
        }
        self.transcript = text.joined(separator: "\n")
    }

    /// The PromQL text as it appears inside the action's quotes.
    static func quoted(_ promql: String) -> String { promql.replacingOccurrences(of: "\"", with: "\\\"") }

    /// The answer to `query` (an empty answer when it was never asked).
    func answer(_ query: TelemetryEvidenceProbe.Query) -> EvidenceQueryAnswer {
        queries[query] ?? EvidenceQueryAnswer(series: [], error: "not asked")
    }

    /// Error spans of `service` whose operation contains `operation`, in traces of requests through the frontend.
    func requestErrors(service: String, operation: String) -> [ErrorSpans] {
        errorSpans.filter { $0.inRequest && $0.service == service && $0.operation.contains(operation) }
    }

    /// Error spans in traces of requests through the frontend.
    var requestErrors: [ErrorSpans] { errorSpans.filter(\.inRequest) }
}

/// One line of the error-span count: how many error spans share a service, operation and response, and whether
/// their traces came in through the frontend.
struct ErrorSpans: Sendable, Equatable, CustomStringConvertible {
    var count: Int
    var inRequest: Bool
    var service: String
    var operation: String
    var response: String

    var description: String {
        "\(count)× \(service) \(operation) → \(response)\(inRequest ? "" : " (outside requests)")"
    }

    /// Reads `uniq -c` lines `  <count> <1|0>,<service>,<operation>,<response>`; other lines are skipped.
    static func parse(_ text: String) -> [ErrorSpans] {
        text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let space = trimmed.firstIndex(of: " "), let count = Int(trimmed[..<space]) else { return nil }
            let fields = trimmed[trimmed.index(after: space)...].split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 4 else { return nil }
            return ErrorSpans(
                count: count, inRequest: fields[0] == "1", service: String(fields[1]), operation: String(fields[2]),
                response: String(fields[3]))
        }
    }
}
