import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabOrchestrator

@Suite struct TelemetryActionsTests {
    @Test func csvRoundTripsQuotedFields() throws {
        let table = CSVTable(header: ["a", "b"], rows: [["1", "x,y"], ["2", "say \"hi\"\nbye"]])
        let parsed = try CSVTable.parse(table.csvText)
        #expect(parsed == table)
        #expect(table.csvText.hasPrefix("a,b\n1,\"x,y\"\n"))
    }

    @Test func csvRejectsRaggedRowsAndOpenQuotes() {
        #expect(throws: CSVTableError.self) { try CSVTable.parse("a,b\n1\n") }
        #expect(throws: CSVTableError.self) { try CSVTable.parse("a\n\"open\n") }
        #expect(throws: CSVTableError.self) { try CSVTable.parse("") }
    }

    @Test func dataFrameTextAlignsLikePandas() {
        let table = CSVTable(
            header: ["timestamp", "cmdb_id", "value"],
            rows: [["1700000000", "n.geo-1", "0.5"], ["1700000015", "n.frontend-22", "12.125"]])
        let text = DataFrameText.render(table)
        #expect(
            text == """
                 timestamp       cmdb_id  value
                1700000000       n.geo-1  0.500
                1700000015 n.frontend-22 12.125
                """)
    }

    @Test func dataFrameTextCapsRowsWithANotice() {
        let table = CSVTable(header: ["n"], rows: (0..<5).map { [String($0)] })
        let text = DataFrameText.render(table, maxRows: 2)
        #expect(text.split(separator: "\n").count == 4)
        #expect(text.hasSuffix("[3 more rows not shown (the earliest); filter the file with exec_shell]"))
        #expect(text.split(separator: "\n").dropFirst().first == "3", "the newest rows are kept")
    }

    @Test func prometheusAnswersDecode() throws {
        let vector = try JSONValue(
            parsing: """
                {"status":"success","data":{"resultType":"vector","result":[
                {"metric":{"__name__":"up","pod":"geo-1"},"value":[1700000000.5,"1"]}]}}
                """)
        let result = try PrometheusQueryClient.decode(vector)
        #expect(result.resultType == "vector")
        #expect(result.series.first?.labels["pod"] == "geo-1")
        #expect(result.series.first?.samples.first?.value == "1")
        let error = try JSONValue(
            parsing: #"{"status":"error","errorType":"bad_data","error":"1:4: parse error: unexpected <EOF>"}"#)
        #expect(throws: PromQueryError.self) { try PrometheusQueryClient.decode(error) }
        do {
            _ = try PrometheusQueryClient.decode(error)
        } catch {
            #expect(error.message == "bad_data: 1:4: parse error: unexpected <EOF>")
        }
    }

    @Test func metricsTableKeepsCurrentPodsAndSortsByTime() {
        let answer = PromQueryResult(
            resultType: "matrix",
            series: [
                PromSeries(
                    labels: [
                        "__name__": "container_network_receive_bytes_total", "pod": "geo-1",
                        "instance": "node-1", "interface": "eth0", "namespace": "ns",
                    ],
                    samples: [(1700000015, "20.12345"), (1700000000, "10")]),
                PromSeries(labels: ["pod": "gone-1"], samples: [(1700000000, "1")]),
            ])
        let table = MetricsExport.table(
            name: "container_network_receive_bytes_total", answer: answer, pods: ["geo-1"])
        #expect(table.header == ["timestamp", "cmdb_id", "kpi_name", "value"])
        #expect(
            table.rows == [
                ["1700000000", "node-1.geo-1", "container_network_receive_bytes_total.eth0", "10.0"],
                ["1700000015", "node-1.geo-1", "container_network_receive_bytes_total.eth0", "20.123"],
            ])
    }

    @Test func kpiNamesCarryDistinguishingLabels() {
        let labels = ["pod": "frontend-1", "route": "/hotels", "code": "500", "method": "GET", "job": "x"]
        #expect(
            MetricsExport.kpiName("http_server_requests_total", labels: labels)
                == "http_server_requests_total.500.GET./hotels")
    }

    @Test func jaegerTraceBecomesRows() throws {
        let trace = try JSONValue(
            parsing: """
                {"traceID":"t1","processes":{"p1":{"serviceName":"frontend"},"p2":{"serviceName":"geo"}},
                 "spans":[
                  {"traceID":"t1","spanID":"s2","operationName":"GET /nearby","processID":"p2","startTime":20,
                   "duration":5,"references":[{"refType":"CHILD_OF","traceID":"t1","spanID":"s1"}],
                   "tags":[{"key":"error","type":"bool","value":true},{"key":"http.status_code","type":"int64","value":500}]},
                  {"traceID":"t1","spanID":"s1","operationName":"GET /hotels","processID":"p1","startTime":10,
                   "duration":30,"references":[],"tags":[]}]}
                """)
        let rows = TraceExport.rows(of: trace)
        #expect(rows.map(\.0) == ["t1/s2", "t1/s1"])
        #expect(rows[0].1.1 == ["t1", "s2", "s1", "geo", "GET /nearby", "20", "5", "True", "500"])
        #expect(rows[1].1.1 == ["t1", "s1", "ROOT", "frontend", "GET /hotels", "10", "30", "False", "Unknown"])
    }

    @Test func queryAnswersReadAsLines() {
        let answer = PromQueryResult(
            resultType: "vector",
            series: [PromSeries(labels: ["__name__": "up", "pod": "b"], samples: [(1, "0")])])
        #expect(TelemetryActions.describe(answer) == "up{pod=\"b\"} => 0 @1.000")
        #expect(
            TelemetryActions.describe(PromQueryResult(resultType: "vector", series: []))
                == "(empty vector result: no series match)")
    }

    @Test func readingRefusesFilesOutsideTheWorkspace() throws {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("ws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        try "a,b\n1,2\n".write(toFile: workspace + "/m.csv", atomically: true, encoding: .utf8)
        let actions = TelemetryActions(client: .unreachableForTests, workspace: workspace)
        #expect(actions.readMetrics("m.csv") == "a b\n1 2")
        #expect(actions.readMetrics("/etc/passwd") == "error: Metrics file '/etc/passwd' not found.")
        #expect(actions.readTraces("../x.csv") == "error: Traces file '../x.csv' not found.")
    }
}

/// A transport that refuses every request: for tests that must not reach a cluster.
struct RefusingTransport: KubeTransport {
    struct Refused: Error {}
    func send(_ request: KubeRequest) async throws -> KubeResponse { throw Refused() }
    func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse { throw Refused() }
}

extension KubeClient {
    static var unreachableForTests: KubeClient { KubeClient(transport: RefusingTransport()) }
}
