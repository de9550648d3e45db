import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// For every fault family of the registry, an episode of its detection task in which a scripted agent finds the
/// fault's evidence through the agent actions alone (`exec_shell` with kubectl and curl, `query_metrics`,
/// `get_traces`, `read_traces`, `get_logs`), and the no-fault control, which shows none of it.
///
/// The investigation is the same for every problem (``TelemetryEvidenceProbe``): two rounds of requests through
/// the frontend (logins, a search, a recommendation), twelve PromQL questions, the traces of the last minute with
/// their error spans counted by service/operation/response, and the logs of six services. Episodes scrape every
/// second and run a 1 req/s background workload. What each family shows (✓ = asserted by this suite):
///
/// | problem (detection) | metrics (`query_metrics`) | traces (error spans in frontend requests) | logs (`get_logs`) | curl through the frontend |
/// |---|---|---|---|---|
/// | `revoke_auth_mongodb-…-1` (geo) | ✓ restarts, ✓ CrashLoopBackOff, last terminated `Error`, Ready false, ✓ geo 0 available, `up == 0` for geo, ✓ frontend 5xx increase and ✓ rate, ✓ search→geo `connection_refused` | ✓ frontend `GET /hotels` 500, ✓ search `POST /geo.Geo/Nearby`; geo's own `count geo`, `POST /command` 403 (outside requests) | ✓ geo `FTL … not authorized on geo-db …`; ✓ frontend and search `ERR … (/geo.Geo/Nearby via geo:8083)` | ✓ `/hotels` 500 |
/// | `revoke_auth_mongodb-…-2` (rate) | the same for rate (search→rate `connection_refused`, `eof`) | ✓ frontend `GET /hotels` 500, ✓ search `POST /rate.Rate/GetRates` | ✓ rate `not authorized on rate-db`; ✓ frontend `… /rate.Rate/GetRates via rate:8084` | ✓ `/hotels` 500 |
/// | `user_unregistered_mongodb-…-1/2` | as revoke_auth (geo / rate) | as revoke_auth; `POST /command` 401 outside requests | ✓ `panic: … SASL authentication step: Authentication failed.` | ✓ `/hotels` 500 |
/// | `misconfig_app_hotel_res` (geo) | as revoke_auth geo | as revoke_auth geo | ✓ geo `Read database URL: mongodb-geo:27777`, then no reachable servers | ✓ `/hotels` 500 |
/// | `wrong_bin_usage` (profile runs geo) | no restart; ✓ frontend 5xx (`/hotels`, `/recommendations`), ✓ frontend→profile `code="error"` (`connection_reset`) | ✓ frontend `POST /profile.Profile/GetProfiles`; `GET /hotels`, `GET /recommendations` 500 | ✓ profile's log is geo's (`cmd/geo/…`); ✓ frontend errors name profile | ✓ `/hotels` 500 |
/// | `k8s_target_port-misconfig_hotel_res` (user) | ✓ frontend `/user` 500, ✓ frontend→user `code="error"` (EOF); nothing in kube-state-metrics | ✓ frontend `POST /user.User/CheckUser`; `POST /user` 500 | ✓ frontend `… (/user.User/CheckUser via user:8086)` | ✓ login 500 |
/// | `scale_pod_zero_hotel_res` (user) | ✓ user 0 available, ✓ frontend `/user` 500, ✓ frontend→user `connection_refused` | ✓ frontend `POST /user.User/CheckUser` | (frontend errors; not asserted) | ✓ login 500 |
/// | `assign_to_non_existent_node_hotel_res` (user) | ✓ a `Pending` user pod (`kube_pod_status_phase`) | none: the old pod keeps serving | none | 200 |
/// | `pod_failure_hotel_res`, `pod_kill_hotel_res` (user) | ✓ user restarts (to the pause image and back), last terminated, `up == 0` for user, ✓ frontend `/user` 500, ✓ frontend→user `connection_reset` | ✓ frontend `POST /user.User/CheckUser` | ✓ frontend `… connection reset by peer (/user.User/CheckUser via user:8086)` | ✓ login 500 |
/// | `container_kill` (geo) | ✓ geo restarts, ✓ last terminated `Error`; at 1 req/s usually no failed request | none in requests | geo's log is a fresh start | 200 |
/// | `network_loss_hotel_res`, `network_delay_hotel_res` (user) | ✓ frontend `/user` 500, ✓ frontend→user `code="error"` (timeout after 5 s) | ✓ frontend `POST /user.User/CheckUser` | ✓ frontend `… /user.User/CheckUser …` | ✓ login 500 |
/// | `noop_detection_hotel_reservation-1` | ✓ every question empty | ✓ none in requests | ✓ no `ERR`/`FTL` line | ✓ all 200 |
///
/// Noise every episode has, which the questions are written around: geo pings `mongodb-geo` before that Service
/// exists (a few `ping admin`/`POST /command` error spans outside any request, and `http_client_errors_total
/// {peer_service="mongodb-geo",error="no_such_host"}` that never grows — so the questions use `increase()` and the
/// span count separates traces of requests), and on an overloaded machine scrapes time out (`up == 0` for healthy
/// pods), so the control does not assert `up`.
///
/// `OPSLAB_EVIDENCE_ONLY=<prefix>[,<prefix>…]` runs only some problems; `OPSLAB_EVIDENCE_DUMP=<dir>` writes every
/// transcript and progress log there.
@Suite("Telemetry evidence live")
struct TelemetryEvidenceLiveTests {
    /// The cases to run: all, or those whose ids start with one of `OPSLAB_EVIDENCE_ONLY`'s prefixes.
    static let cases = FaultEvidence.all.filter { evidence in
        ProcessInfo.processInfo.environment["OPSLAB_EVIDENCE_ONLY"].map { list in
            list.split(separator: ",").contains { evidence.problemID.hasPrefix($0) }
        } ?? true
    }

    @Test(.timeLimit(.minutes(10)), arguments: cases)
    func evidence(_ evidence: FaultEvidence) async throws {
        let (findings, result) = try await TelemetryEvidenceEpisode.run(evidence)
        #expect(result.results["Detection Accuracy"] == .string("Correct"), "\(result.results.json.jsonString())")
        let table = try #require(findings.traces, "read_traces gave no table:\n\(findings.tracesText.prefix(500))")
        #expect(table.header == TraceExport.header)
        #expect(!table.rows.isEmpty, "no spans at all in the last minute")
        if evidence.isControl {
            expectNothing(findings)
            return
        }
        for metric in evidence.metrics {
            let answer = findings.answer(metric.query)
            #expect(
                metric.isShown(by: answer),
                "query_metrics(\(metric.query.promql)) shows no series with \(metric.label)=\(metric.prefix)…: \(answer)"
            )
        }
        for span in evidence.spans {
            #expect(
                !findings.requestErrors(service: span.service, operation: span.operation).isEmpty,
                "no error span of \(span.service) \(span.operation) in requests; error spans:\n\(findings.errorSpansText)"
            )
        }
        for log in evidence.logs {
            let text = findings.logs[log.service] ?? ""
            #expect(text.contains(log.text), "get_logs(\(log.service)) lacks \"\(log.text)\":\n\(text.suffix(1_500))")
        }
        for request in evidence.requests {
            #expect(findings.requests.contains(request), "the requests did not show \(request):\n\(findings.requests)")
        }
    }

    /// The control: every request answered 200, no metric question matched, no request's trace holds an error
    /// span, and no log holds an error line.
    func expectNothing(_ findings: TelemetryEvidenceFindings) {
        #expect(
            findings.requests.components(separatedBy: "HTTP 200").count == 9,
            "requests of the control did not all answer 200: \(findings.requests)")
        for query in TelemetryEvidenceProbe.Query.allCases where query != .targetsDown {
            let answer = findings.answer(query)
            #expect(answer.isEmpty, "the control shows \(query): \(query.promql) →\n\(answer)")
        }
        #expect(findings.requestErrors.isEmpty, "the control has error spans in requests: \(findings.requestErrors)")
        for (service, text) in findings.logs {
            let errors = text.split(separator: "\n").filter { $0.contains(" ERR ") || $0.contains(" FTL ") }
            #expect(errors.isEmpty, "the control's \(service) log has errors: \(errors.prefix(3))")
        }
    }
}
