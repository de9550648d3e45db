import Foundation
import OpsLabOrchestrator

/// One investigation, the same for every problem: what an operator runs to find a fault's evidence through the
/// agent actions, and what it found.
///
/// Order: find the frontend's ClusterIP, log in twice through it with curl (the background workload logs in
/// only 0.5 % of the time, so faults of `user` would otherwise rarely be exercised), pause for more than two
/// scrapes at 1 s, ask Prometheus every ``Query``, export and read the traces, read the logs of the services a
/// fault can touch, and submit.
enum TelemetryEvidenceProbe {
    static let namespace = "test-hotel-reservation"
    /// The pause before the first metrics query: more than two scrapes at the 1 s interval the suite sets.
    static let scrapePause: Duration = .milliseconds(2_500)
    /// The pause between the two rounds of requests: two scrapes.
    static let requestPause: Duration = .seconds(2)
    /// The services whose logs the investigation reads.
    static let logServices = ["frontend", "search", "geo", "rate", "profile", "user"]

    /// The PromQL questions, each a selector or comparison that is empty when the system is healthy.
    enum Query: String, CaseIterable, Sendable {
        /// Containers that restarted.
        case restarts
        /// Containers waiting (CrashLoopBackOff, ContainerCreating, …).
        case waiting
        /// Containers whose previous instance terminated (reason Error, OOMKilled, …).
        case lastTerminated
        /// Pods whose Ready condition is false.
        case notReady
        /// Pods stuck in phase Pending.
        case pending
        /// Deployments with no available replica.
        case unavailable
        /// Scrape targets that did not answer.
        case targetsDown
        /// 5xx answers of any service, by pod, route and code.
        case server5xx
        /// The frontend's 5xx rate over the last minute.
        case frontend5xxRate
        /// Outbound calls that failed without an answer, by caller, peer and error.
        case clientErrors
        /// Outbound calls answered with a non-2xx code (or none), by caller, peer, route and code.
        case clientFailures
        /// Database operations that did not succeed.
        case databaseFailures

        /// The expression sent with `query_metrics`.
        var promql: String {
            let ns = "namespace=\"\(TelemetryEvidenceProbe.namespace)\""
            switch self {
            case .restarts: return "kube_pod_container_status_restarts_total{\(ns)} > 0"
            case .waiting: return "kube_pod_container_status_waiting_reason{\(ns)} == 1"
            case .lastTerminated: return "kube_pod_container_status_last_terminated_reason{\(ns)} == 1"
            case .notReady: return "kube_pod_status_ready{\(ns), condition=\"false\"} == 1"
            case .pending: return "kube_pod_status_phase{\(ns), phase=\"Pending\"} == 1"
            case .unavailable: return "kube_deployment_status_replicas_available{\(ns)} == 0"
            case .targetsDown: return "up{\(ns)} == 0"
            case .server5xx:
                return "sum by (pod, route, code) (increase(http_server_requests_total{\(ns), code=~\"5..\"}[1m])) > 0"
            case .frontend5xxRate:
                return "sum(rate(http_server_requests_total{\(ns), pod=~\"frontend-.*\", code=~\"5..\"}[1m])) > 0"
            case .clientErrors:
                return "sum by (pod, peer_service, error) (increase(http_client_errors_total{\(ns)}[1m])) > 0"
            case .clientFailures:
                return "sum by (pod, peer_service, route, code) "
                    + "(increase(http_client_requests_total{\(ns), code!~\"2..\"}[1m])) > 0"
            case .databaseFailures:
                return "sum by (pod, db_name, operation, outcome) "
                    + "(increase(db_client_operations_total{\(ns), outcome!=\"ok\"}[1m])) > 0"
            }
        }
    }

    /// The requests an operator sends through the frontend to see what users see: two logins (users and
    /// passwords of the original's data set), a search and a recommendation, one curl each, printing the status.
    static func requestCommand(frontend: String) -> String {
        let base = "http://\(frontend):5000"
        let logins = (1...2).map {
            "curl -s -m 12 -X POST -w ' HTTP %{http_code};' '\(base)/user?username=Cornell_\($0)&password="
                + String(repeating: String($0), count: 10) + "'"
        }
        let point = "lat=37.7867&lon=-122.4112"
        let others = [
            ("hotels", "/hotels?inDate=2015-04-09&outDate=2015-04-10&\(point)"),
            ("recommendations", "/recommendations?require=rate&\(point)"),
        ].map { "curl -s -m 12 -o /dev/null -w ' \($0.0) HTTP %{http_code};' '\(base)\($0.1)'" }
        return (logins + others).joined(separator: "; ")
    }

    /// The path in `get_traces`' answer (`Traces data exported to: <path>`).
    static func tracesPath(_ observation: String) -> String {
        let path = observation.range(of: "exported to: ").map { String(observation[$0.upperBound...]) } ?? observation
        return path.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Counts the error spans of the whole trace file by whether their trace holds a frontend span (a request
    /// that came in through the app's entry), service, operation and response: `read_traces` shows at most
    /// 2,000 rows, the oldest, so an operator filters the file instead. Output lines read
    /// `  <count> <1|0>,<service>,<operation>,<response>`.
    static func errorSpanCommand(file: String) -> String {
        "awk -F, -v OFS=, 'NR == FNR { if ($4 ~ /^frontend$/) entry[$1] = 1; next } "
            + "$8 ~ /^True$/ { print ($1 in entry), $4, $5, $9 }' \(file) \(file) | sort | uniq -c"
    }

    /// The steps of the investigation of `evidence`'s problem, ending with `submit`.
    ///
    /// The queries that must show evidence are asked first and again every second (at most 20 times) until they
    /// do, as an operator waits for a symptom to show; the control's queries are asked once each.
    static func steps(for evidence: FaultEvidence) -> [TelemetryEvidenceAgent.Step] {
        var steps: [TelemetryEvidenceAgent.Step] = [
            .init(#"exec_shell("kubectl get svc frontend -n \#(namespace) -o jsonpath='{.spec.clusterIP}'")"#)
        ]
        // Two rounds of requests, two scrapes apart, so the counters of failed requests show an increase.
        for pause in [Duration.zero, requestPause] {
            steps.append(
                .init(pause: pause) { observations in
                    let address = observations.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    return #"exec_shell("\#(requestCommand(frontend: address))")"#
                })
        }
        let expected = evidence.metrics.map(\.query)
        let order = expected + Query.allCases.filter { !expected.contains($0) }
        for (index, query) in order.enumerated() {
            let escaped = query.promql.replacingOccurrences(of: "\"", with: "\\\"")
            var step = TelemetryEvidenceAgent.Step(
                "query_metrics(\"\(escaped)\")", pause: index == 0 ? scrapePause : .zero)
            let wanted = evidence.metrics.filter { $0.query == query }
            if !wanted.isEmpty {
                step.until = { text in
                    let answer = EvidenceQueryAnswer.parse(text)
                    return wanted.allSatisfy { $0.isShown(by: answer) }
                }
                step.attempts = 20
            }
            steps.append(step)
        }
        // An export that failed (see the suite's notes) is tried once more, as an operator would.
        var traces = TelemetryEvidenceAgent.Step(#"get_traces("\#(namespace)", 1)"#)
        traces.until = { $0.contains("exported to: ") }
        traces.attempts = 2
        steps.append(traces)
        steps.append(.init { #"read_traces("\#(tracesPath($0.last ?? ""))")"# })
        steps.append(.init { #"exec_shell("\#(errorSpanCommand(file: tracesPath($0.dropLast().last ?? "")))")"# })
        for service in logServices { steps.append(.init(#"get_logs("\#(namespace)", "\#(service)")"#)) }
        steps.append(.init(#"submit("\#(evidence.isControl ? "No" : "Yes")")"#))
        return steps
    }
}
