import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite("Printing: pod rows")
struct PrintingPodTableTests {
    typealias F = PrintingFixtures

    func cells(_ pod: JSONValue) -> [JSONValue] {
        TableGenerator.cells(for: .pods, object: pod, now: F.now)
    }

    @Test func runningPodRow() {
        let pod = F.pod(
            "geo-7d9f8c6b5d-x2k4p", age: 300, statuses: [F.running()],
            extraStatus: ["podIP": "127.1.1.5", "podIPs": [["ip": "127.1.1.5"]]])
        #expect(
            cells(pod) == [
                "geo-7d9f8c6b5d-x2k4p", "1/1", "Running", "0", "5m", "127.1.1.5", "kind-worker",
                "<none>", "<none>",
            ])
    }

    @Test func crashLoopBackOffWithRecentRestart() {
        let pod = F.pod(
            "mongodb-geo-5ff578bcb8-abcde",
            statuses: [
                F.waiting(
                    "CrashLoopBackOff", restarts: 4,
                    finishedSecondsAgo: 38)
            ])
        let row = cells(pod)
        #expect(row[1] == "0/1")
        #expect(row[2] == "CrashLoopBackOff")
        #expect(row[3] == "4 (38s ago)")
        #expect(row[4] == "10m")
        #expect(row[5] == "<none>")
        let older = F.pod("p", statuses: [F.waiting("CrashLoopBackOff", restarts: 12, finishedSecondsAgo: 161)])
        #expect(cells(older)[3] == "12 (2m41s ago)")
        let noTime = F.pod("p", statuses: [F.waiting("ErrImagePull", restarts: 3)])
        #expect(cells(noTime)[2] == "ErrImagePull")
        #expect(cells(noTime)[3] == "3")
    }

    @Test func pendingAndWaitingReasons() {
        #expect(cells(F.pod("p", phase: "Pending"))[2] == "Pending")
        let creating = F.pod("p", phase: "Pending", statuses: [F.waiting("ContainerCreating")])
        #expect(cells(creating)[2] == "ContainerCreating")
        let gated = F.pod(
            "p", phase: "Pending",
            conditions: [
                [
                    "type": "PodScheduled", "status": "False",
                    "reason": "SchedulingGated",
                ]
            ])
        #expect(cells(gated)[2] == "SchedulingGated")
        let evicted = F.pod("p", phase: "Failed", extraStatus: ["reason": "Evicted"])
        #expect(cells(evicted)[2] == "Evicted")
    }

    @Test func terminatedReasons() {
        #expect(cells(F.pod("p", statuses: [F.terminated(exitCode: 1, reason: "Error")]))[2] == "Error")
        #expect(cells(F.pod("p", statuses: [F.terminated(exitCode: 137, reason: "OOMKilled")]))[2] == "OOMKilled")
        #expect(cells(F.pod("p", statuses: [F.terminated(exitCode: 2)]))[2] == "ExitCode:2")
        #expect(cells(F.pod("p", statuses: [F.terminated(exitCode: 143, signal: 15)]))[2] == "Signal:15")
    }

    @Test func completedBecomesRunningOrNotReady() {
        let spec: JSONValue = ["containers": [["name": "a"], ["name": "b"]]]
        let statuses = [F.terminated("a", exitCode: 0, reason: "Completed"), F.running("b")]
        let ready = F.pod("p", spec: spec, statuses: statuses, conditions: [["type": "Ready", "status": "True"]])
        #expect(cells(ready)[2] == "Running")
        #expect(cells(ready)[1] == "1/2")
        let notReady = F.pod("p", spec: spec, statuses: statuses, conditions: [["type": "Ready", "status": "False"]])
        #expect(cells(notReady)[2] == "NotReady")
        let done = F.pod("p", phase: "Succeeded", statuses: [F.terminated(exitCode: 0, reason: "Completed")])
        #expect(cells(done)[2] == "Completed")
    }

    @Test func initContainers() {
        let spec: JSONValue = ["containers": [["name": "main"]], "initContainers": [["name": "i1"], ["name": "i2"]]]
        let waitingInit: JSONValue = [
            "name": "i1", "restartCount": 2,
            "state": ["waiting": ["reason": "CrashLoopBackOff"]],
        ]
        let secondInit: JSONValue = ["name": "i2", "state": ["waiting": ["reason": "PodInitializing"]]]
        let pod = F.pod(
            "p", phase: "Pending", spec: spec, statuses: [F.waiting("PodInitializing")],
            initStatuses: [waitingInit, secondInit])
        #expect(cells(pod)[2] == "Init:CrashLoopBackOff")
        #expect(cells(pod)[3] == "2")
        let pulling: JSONValue = ["name": "i1", "state": ["waiting": ["reason": "ErrImagePull"]]]
        #expect(cells(F.pod("p", phase: "Pending", spec: spec, initStatuses: [pulling]))[2] == "Init:ErrImagePull")
        let doneFirst: JSONValue = ["name": "i1", "state": ["terminated": ["exitCode": 0, "reason": "Completed"]]]
        let runningSecond: JSONValue = ["name": "i2", "state": ["running": [:]]]
        let halfway = F.pod("p", phase: "Pending", spec: spec, initStatuses: [doneFirst, runningSecond])
        #expect(cells(halfway)[2] == "Init:1/2")
        let failed: JSONValue = ["name": "i1", "state": ["terminated": ["exitCode": 3]]]
        #expect(cells(F.pod("p", phase: "Pending", spec: spec, initStatuses: [failed]))[2] == "Init:ExitCode:3")
    }

    @Test func sidecarsCountTowardsReady() {
        let spec: JSONValue = [
            "containers": [["name": "main"]],
            "initContainers": [["name": "proxy", "restartPolicy": "Always"]],
        ]
        let sidecar: JSONValue = [
            "name": "proxy", "ready": true, "started": true, "restartCount": 1,
            "state": ["running": [:]],
        ]
        let pod = F.pod(
            "p", spec: spec, statuses: [F.running()], initStatuses: [sidecar],
            conditions: [["type": "Initialized", "status": "True"]])
        #expect(cells(pod)[1] == "2/2")
        #expect(cells(pod)[2] == "Running")
        #expect(cells(pod)[3] == "1")
    }

    @Test func terminatingAndUnknown() {
        #expect(cells(F.pod("p", statuses: [F.running()], deleting: true))[2] == "Terminating")
        #expect(cells(F.pod("p", phase: "Succeeded", deleting: true))[2] == "Succeeded")
        #expect(cells(F.pod("p", extraStatus: ["reason": "NodeLost"], deleting: true))[2] == "Unknown")
    }

    @Test func readinessGatesAndNominatedNode() {
        let spec: JSONValue = [
            "containers": [["name": "main"]],
            "readinessGates": [
                ["conditionType": "x/ok"],
                ["conditionType": "x/other"],
            ],
        ]
        let pod = F.pod(
            "p", spec: spec, statuses: [F.running()],
            conditions: [["type": "x/ok", "status": "True"]], extraStatus: ["nominatedNodeName": "n2"])
        #expect(Array(cells(pod)[6...]) == ["<none>", "n2", "1/2"])
    }

    @Test func completedRowConditions() {
        let table = TableGenerator.table(
            for: .pods, objects: [F.pod("ok", phase: "Succeeded"), F.pod("bad", phase: "Failed"), F.pod("run")],
            now: F.now)
        let rows = table["rows"]?.arrayValue ?? []
        #expect(
            rows[0]["conditions"] == [
                [
                    "type": "Completed", "status": "True", "reason": "Succeeded",
                    "message": "The pod has completed successfully.",
                ]
            ])
        #expect(rows[1][path: ["conditions"]]?[0]?["message"] == "The pod failed.")
        #expect(rows[2]["conditions"] == nil)
    }
}
