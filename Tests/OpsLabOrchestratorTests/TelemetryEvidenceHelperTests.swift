import Foundation
import Testing

@testable import OpsLabOrchestrator

/// The pure readers the evidence suite uses: `read_traces` tables and `query_metrics` answers read back.
@Suite("Telemetry evidence helpers")
struct TelemetryEvidenceHelperTests {
    @Test func tableRoundTripsThroughDataFrameTextWithSpacesInCells() throws {
        let csv = CSVTable(
            header: TraceExport.header,
            rows: [
                ["a1", "s1", "ROOT", "frontend", "GET /hotels", "1700000000000000", "1520", "True", "500"],
                ["a1", "s2", "s1", "search", "POST /geo.Geo/Nearby", "1700000000000100", "12", "True", "Unknown"],
                ["b7", "s9", "ROOT", "frontend", "GET /recommendations", "1700000000000200", "90000", "False", "200"],
            ])
        let text = DataFrameText.render(csv)
        let table = try #require(EvidenceTable.parse(text), "not read as a table:\n\(text)")
        #expect(table.header == TraceExport.header)
        #expect(table.rows == csv.rows)
        #expect(table.omittedRows == 0)
        let errors = table.records(matching: ["has_error": "True"])
        #expect(errors.map { $0["operation_name"] } == ["GET /hotels", "POST /geo.Geo/Nearby"])
        #expect(table.records(matching: ["service_name": "search", "response": "Unknown"]).count == 1)
    }

    @Test func tableCountsOmittedRowsAndRefusesErrors() throws {
        let csv = CSVTable(header: ["timestamp", "kpi_name", "value"], rows: (0..<5).map { ["\($0)", "k", "1.5"] })
        let table = try #require(EvidenceTable.parse(DataFrameText.render(csv, maxRows: 2)))
        #expect(table.rows.count == 2)
        #expect(table.omittedRows == 3)
        #expect(table.rows[1] == ["4", "k", "1.5"], "the newest rows are kept")
        #expect(EvidenceTable.parse("error: Traces file 'x.csv' not found.") == nil)
        #expect(EvidenceTable.parse("") == nil)
    }

    @Test func queryAnswerReadsTelemetryActionsLines() {
        let answer = PromQueryResult(
            resultType: "vector",
            series: [
                PromSeries(
                    labels: ["__name__": "up", "pod": "geo-1", "namespace": "ns"], samples: [(1_700_000_000, "0")]),
                PromSeries(labels: ["peer_service": "geo", "error": "connection_refused"], samples: [(1, "12")]),
            ])
        let parsed = EvidenceQueryAnswer.parse(TelemetryActions.describe(answer))
        #expect(parsed.error == nil)
        #expect(parsed.series.count == 2)
        let up = parsed.series.first { $0.name == "up" }
        #expect(up?.labels == ["pod": "geo-1", "namespace": "ns"])
        #expect(up?.values == [0])
        let errors = parsed.series.first { $0.name.isEmpty }
        #expect(errors?.labels["error"] == "connection_refused")
        #expect(errors?.values == [12])
        #expect(parsed.values(of: "pod") == ["geo-1"])
    }

    @Test func queryAnswerReadsEmptyScalarAndErrorAnswers() {
        let empty = EvidenceQueryAnswer.parse(
            TelemetryActions.describe(PromQueryResult(resultType: "vector", series: [])))
        #expect(empty.isEmpty)
        let scalar = EvidenceQueryAnswer.parse(
            TelemetryActions.describe(
                PromQueryResult(resultType: "scalar", series: [PromSeries(labels: [:], samples: [(5, "2.5")])])))
        #expect(scalar.series.map(\.values) == [[2.5]])
        let failed = EvidenceQueryAnswer.parse("Error: bad_data: 1:5: parse error: unexpected <EOF>")
        #expect(!failed.isEmpty)
        #expect(failed.error?.contains("parse error") == true)
    }

    @Test func labelValuesMayHoldCommasAndQuotes() {
        let labels = EvidenceQueryAnswer.labels(#"route="/a, b", message="say "hi"", code="500""#)
        #expect(labels == ["route": "/a, b", "message": #"say "hi""#, "code": "500"])
    }

    @Test func everyDetectionProblemOfTheRegistryHasItsEvidence() {
        let detection = Set(ProblemRegistry.filter(task: .detection).map(\.idText))
        let covered = Set(FaultEvidence.all.map(\.problemID))
        #expect(detection.subtracting(covered).isEmpty, "problems without evidence: \(detection.subtracting(covered))")
        #expect(
            covered.subtracting(detection).isEmpty, "evidence of unknown problems: \(covered.subtracting(detection))")
        for evidence in FaultEvidence.all where !evidence.isControl {
            #expect(!evidence.metrics.isEmpty, "\(evidence.problemID) asserts no metric")
        }
    }

    @Test func investigationAsksExpectedQuestionsFirstAndSubmitsTheAnswer() throws {
        let fault = try #require(FaultEvidence.all.first { $0.problemID == "scale_pod_zero_hotel_res-detection-1" })
        let steps = TelemetryEvidenceProbe.steps(for: fault)
        let actions = steps.map { $0.action(["127.9.0.5", "Traces data exported to: /w/t.csv"]) }
        #expect(actions[1].contains("http://127.9.0.5:5000/user?username=Cornell_1"))
        #expect(actions[3].contains("kube_deployment_status_replicas_available"))
        #expect(steps[3].until != nil && steps[3].attempts > 1)
        #expect(actions.last == #"submit("Yes")"#)
        let control = TelemetryEvidenceProbe.steps(for: FaultEvidence(problemID: "noop_detection_hotel_reservation-1"))
        #expect(control.allSatisfy { $0.until == nil || $0.attempts == 2 }, "only get_traces is retried")
        #expect(control.last?.action([]) == #"submit("No")"#)
        let queries = control.map { $0.action([]) }.filter { $0.hasPrefix("query_metrics") }
        #expect(queries.count == TelemetryEvidenceProbe.Query.allCases.count)
    }

    @Test func agentRepeatsAStepUntilItsObservationShowsTheEvidence() async throws {
        var step = TelemetryEvidenceAgent.Step("query_metrics(\"up == 0\")")
        step.until = { !$0.contains("empty") }
        step.attempts = 3
        step.retryPause = .milliseconds(1)
        let agent = TelemetryEvidenceAgent(steps: [step, .init("submit(\"Yes\")")])
        let next = "\n" + Orchestrator.nextActionPrompt
        #expect(try await agent.getAction("task").contains("up == 0"))
        #expect(try await agent.getAction("(empty vector result: no series match)" + next).contains("up == 0"))
        #expect(try await agent.getAction("up{pod=\"a\"} => 0 @1" + next).contains("submit"))
        let transcript = await agent.transcript
        #expect(transcript.count == 3)
        #expect(transcript[1].observation == "up{pod=\"a\"} => 0 @1")
        #expect(transcript[2].observation == nil)
    }
}
