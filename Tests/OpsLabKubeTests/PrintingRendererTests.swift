import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite("Printing: client-side table rendering")
struct PrintingRendererTests {
    typealias F = PrintingFixtures

    var podTable: JSONValue {
        let running = F.pod(
            "geo-7d9f8c6b5d-x2k4p", age: 300, statuses: [F.running()],
            extraStatus: ["podIPs": [["ip": "127.1.1.5"]]])
        let crashing = F.pod(
            "mongodb-geo-5ff578bcb8-abcde",
            statuses: [F.waiting("CrashLoopBackOff", restarts: 4, finishedSecondsAgo: 38)])
        return TableGenerator.table(for: .pods, objects: [running, crashing], now: F.now)
    }

    @Test func exactColumnSpacing() {
        let expected = """
            NAME                           READY   STATUS             RESTARTS      AGE
            geo-7d9f8c6b5d-x2k4p           1/1     Running            0             5m
            mongodb-geo-5ff578bcb8-abcde   0/1     CrashLoopBackOff   4 (38s ago)   10m

            """
        #expect(TableRenderer().render(podTable) == expected)
    }

    @Test func wideShowsPriorityColumns() {
        let lines = TableRenderer(wide: true).render(podTable).split(separator: "\n")
        #expect(lines[0].hasSuffix("AGE   IP          NODE          NOMINATED NODE   READINESS GATES"))
        #expect(lines[1].hasSuffix("5m    127.1.1.5   kind-worker   <none>           <none>"))
        #expect(lines[2].hasSuffix("10m   <none>      kind-worker   <none>           <none>"))
    }

    @Test func noHeadersNamespaceLabelsAndKindPrefix() {
        let renderer = TableRenderer(
            noHeaders: true, showNamespace: true, showLabels: true,
            labelColumns: ["app", "example.com/tier"], kindPrefix: "pod")
        let lines = renderer.lines(podTable)
        #expect(lines.count == 2)
        #expect(
            lines[0] == [
                "test-hotel", "pod/geo-7d9f8c6b5d-x2k4p", "1/1", "Running", "0", "5m", "geo", "",
                "app=geo,tier=backend",
            ])
        let headers = TableRenderer(showNamespace: true, showLabels: true, labelColumns: ["app", "example.com/tier"])
            .lines(podTable)[0]
        #expect(headers == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "APP", "TIER", "LABELS"])
    }

    @Test func emptyTableRendersNothing() {
        let empty = TableGenerator.table(for: .pods, objects: [], now: F.now)
        #expect(TableRenderer().render(empty) == "")
        #expect(TableRenderer(noHeaders: true).render(empty) == "")
    }

    @Test func integerCellsAndMinimumWidth() {
        let cm: JSONValue = ["metadata": ["name": "a", "creationTimestamp": F.timestamp(secondsAgo: 5)], "data": [:]]
        let table = TableGenerator.table(for: .configMaps, objects: [cm], now: F.now)
        #expect(TableRenderer().render(table) == "NAME   DATA   AGE\na      0      5s\n")
    }

    @Test func cellText() {
        #expect(TableRenderer.cellText("line one\nline two") == "line one...")
        #expect(TableRenderer.cellText(.double(1.5)) == "1.5")
        #expect(TableRenderer.cellText(.double(1e6)) == "1e+06")
        #expect(TableRenderer.cellText(.null) == "")
        #expect(TableRenderer.cellText(true) == "true")
        #expect(TableRenderer.cellText("a\tb") == "a\\tb")
    }

    @Test func describeLayoutUsesColumnBlocks() {
        let text = "Name:\tgeo\nNamespace:\tdefault\nConditions:\n  Type\tStatus\n  Initialized\tTrue\n"
        let expected = """
            Name:       geo
            Namespace:  default
            Conditions:
              Type         Status
              Initialized  True

            """
        #expect(TableRenderer.layout(text: text, minWidth: 0, tabWidth: 8, padding: 2) == expected)
        #expect(
            TableRenderer.layout(rows: [["a", "b", ""], ["ccc", "d", ""]], minWidth: 0, tabWidth: 8, padding: 2)
                == "a    b  \nccc  d  \n")
        #expect(TableRenderer.layout(text: "x\ty", minWidth: 0, tabWidth: 8, padding: 1) == "x y")
    }
}
