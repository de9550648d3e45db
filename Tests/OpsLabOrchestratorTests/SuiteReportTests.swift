import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

@Suite("Suite report")
struct SuiteReportTests {
    static func entry(_ id: String, _ task: TaskKind, solved: Bool, first: Double?, overhead: Double?) -> SuiteEntry {
        SuiteEntry(
            problemID: id, task: task, outcome: solved ? "success" : "failure", solved: solved, steps: 3,
            timeToX: 1.5, firstObservation: first, frameworkOverhead: overhead, wallSeconds: 4)
    }

    @Test("totals per task and medians ignore missing figures")
    func totalsAndMedians() {
        let report = SuiteReport(
            agent: "heuristic", seed: 7,
            entries: [
                Self.entry("a-detection-1", .detection, solved: true, first: 1, overhead: 2),
                Self.entry("a-mitigation-1", .mitigation, solved: false, first: 3, overhead: 4),
                Self.entry("b-detection-1", .detection, solved: false, first: nil, overhead: nil),
                Self.entry("c-detection-1", .detection, solved: true, first: 2, overhead: 6),
            ])
        #expect(report.solvedCount == 2)
        #expect(report.perTask.map(\.task) == [.detection, .mitigation])
        #expect(report.perTask.first?.solved == 2)
        #expect(report.perTask.first?.total == 3)
        #expect(SuiteReport.median(report.entries.map(\.firstObservation)) == 2)
        #expect(SuiteReport.median(report.entries.map(\.frameworkOverhead)) == 4)
        #expect(SuiteReport.median([nil]) == nil)
        let text = report.text
        #expect(text.contains("solved 2/4 (detection 2/3, mitigation 0/1) — agent heuristic, seed 7"))
        #expect(text.contains("median first observation 2.00 s, median framework overhead 4.00 s"))
        #expect(text.split(separator: "\n").first?.hasPrefix("problem") == true)
        #expect(report.json["total"] == 4)
        #expect(report.json["entries"]?.arrayValue?.count == 4)
    }

    @Test("an episode that could not run is a failure that says why")
    func errorEntry() {
        let entry = SuiteEntry(problemID: "x-detection-1", task: .detection, error: "setup failed", wallSeconds: 1)
        #expect(!entry.solved)
        #expect(entry.outcome == "error: setup failed")
        #expect(entry.json["first_observation_time"] == .null)
    }
}
