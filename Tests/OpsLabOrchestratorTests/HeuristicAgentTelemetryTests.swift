import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// The heuristic agent's use of metrics, traces and object details, on recorded observations.
@Suite("Heuristic agent telemetry")
struct HeuristicAgentTelemetryTests {
    static let ns = "test-hotel-reservation"

    /// A `query_metrics` answer recorded in a wrong-binary episode (profile runs geo's binary).
    static let clientFailures = """
        {app="frontend", code="error", peer_service="profile"} => 164 @1796085751.038
        {app="geo", code="error", peer_service="mongodb-geo"} => 4 @1796085751.038
        """

    /// `kubectl get deploy -o custom-columns=NAME,IMAGE,COMMAND` from the same episode (trimmed).
    static let workloads = """
        NAME                     IMAGE                                 COMMAND
        frontend                 yinfangchen/hotelreservation:latest   ["frontend"]
        geo                      yinfangchen/hotelreservation:latest   ["geo"]
        memcached-profile        memcached                             <none>
        mongodb-geo              mongo:4.4.6                           <none>
        profile                  yinfangchen/hotelreservation:latest   ["geo"]
        rate                     yinfangchen/hotelreservation:latest   ["rate"]
        search                   yinfangchen/hotelreservation:latest   ["search"]
        """

    /// The same Deployments with profile running its own binary.
    static let healthyWorkloads = workloads.replacingOccurrences(
        of: #"profile                  yinfangchen/hotelreservation:latest   ["geo"]"#,
        with: #"profile                  yinfangchen/hotelreservation:latest   ["profile"]"#)

    static let pods = """
        NAME                                 READY   STATUS    RESTARTS      AGE
        frontend-54fc9c9976-pz58d            1/1     Running   0             22s
        geo-6bc5d59d99-m5t7x                 1/1     Running   0             22s
        mongodb-geo-b9bcd7845-hmxgk          1/1     Running   0             22s
        profile-5f55674479-x4wp6             1/1     Running   0             20s
        search-66b89967b8-hg5hz              1/1     Running   0             21s
        user-5c99c7b599-qzvz5                1/1     Running   1 (5s ago)    21s
        """

    static let services = """
        NAME          TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)     AGE
        geo           ClusterIP   127.119.0.6    <none>        8083/TCP    23s
        mongodb-geo   ClusterIP   127.119.0.10   <none>        27017/TCP   23s
        """

    @Test func metricsAnswerParsesIntoFailingCalls() {
        let series = HeuristicAgentSignals.series(Self.clientFailures + "\n(empty vector result: no series match)")
        #expect(series.count == 2)
        #expect(series[0].labels == ["app": "frontend", "code": "error", "peer_service": "profile"])
        #expect(series[0].value == 164)
        var findings = HeuristicAgentFindings()
        findings.absorbClientFailures(Self.clientFailures)
        #expect(findings.failingCalls["frontend"]?["profile"] == 164)
        #expect(findings.significantCalls == ["frontend": ["profile": 164]], "startup noise must not count")
        #expect(findings.telemetrySuspects == ["profile"])
    }

    @Test func fewStartupFailuresAreNotAnAnomaly() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(Self.pods.replacingOccurrences(of: "1 (5s ago)", with: "0         "))
        evidence.findings.absorbClientFailures(#"{app="geo", code="error", peer_service="mongodb-geo"} => 4 @1"#)
        evidence.findings.absorbWorkloads(
            Self.healthyWorkloads)
        #expect(!evidence.anomalous)
        #expect(HeuristicAgentDiagnosis(evidence).rule == .healthy)
    }

    @Test func wrongBinaryIsFoundAndPatched() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(Self.pods.replacingOccurrences(of: "1 (5s ago)", with: "0         "))
        evidence.findings.absorbClientFailures(Self.clientFailures)
        evidence.findings.absorbWorkloads(Self.workloads)
        #expect(evidence.findings.deploymentCommands["profile"] == #"["geo"]"#)
        #expect(evidence.findings.wrongBinaries == ["profile"])
        let diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .wrongBinary)
        #expect(diagnosis.submission(for: .localization) == #"submit(["profile"])"#)
        #expect(diagnosis.submission(for: .detection) == #"submit("Yes")"#)
        let fixes = HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns)
        #expect(
            fixes == [
                #"kubectl patch deploy profile -n test-hotel-reservation --type=json -p '[{"op":"replace","path":"#
                    + #""/spec/template/spec/containers/0/command","value":["profile"]}]'"#
            ])
    }

    /// A read_traces table as the action renders it: frontend → search → geo, geo's database call failing.
    static func traces() -> String {
        let rows = [
            ["t1", "a1", "ROOT", "frontend", "GET /hotels", "1", "900", "True", "500"],
            ["t1", "a2", "a1", "frontend", "POST /search.Search/Nearby", "2", "800", "True", "500"],
            ["t1", "b1", "a2", "search", "POST /search.Search/Nearby", "3", "700", "True", "500"],
            ["t1", "b2", "b1", "search", "POST /geo.Geo/Nearby", "4", "600", "True", "500"],
            ["t1", "c1", "b2", "geo", "POST /geo.Geo/Nearby", "5", "500", "True", "500"],
            ["t1", "c2", "c1", "geo", "find geo", "6", "100", "True", "Unknown"],
            ["t2", "d1", "ROOT", "frontend", "GET /user", "7", "100", "False", "200"],
            ["t3", "e1", "ROOT", "frontend", "GET /hotels", "8", "900", "True", "500"],
            ["t3", "e2", "e1", "frontend", "POST /profile.Profile/GetProfiles", "9", "10", "True", "Unknown"],
        ]
        return DataFrameText.render(CSVTable(header: TraceExport.header, rows: rows))
    }

    @Test func tracesNameTheDeepestErroringService() {
        let spans = HeuristicAgentSignals.spans(Self.traces())
        #expect(spans.count == 9)
        #expect(spans[1].operation == "POST /search.Search/Nearby")
        #expect(spans[5].service == "geo" && spans[5].response == "Unknown" && spans[5].hasError)
        let leaves = HeuristicAgentSignals.errorLeaves(spans)
        // geo's failing database call and frontend's unanswered call to profile end their error chains.
        #expect(leaves.outbound.map(\.0) == ["frontend", "geo"])
        #expect(leaves.own.isEmpty)
        var findings = HeuristicAgentFindings()
        findings.absorbTraces(Self.traces())
        #expect(findings.traceOutboundLeaves == ["frontend", "geo"])
    }

    @Test func deepestFailingPeerIsTheOneMakingNoFailingCalls() {
        let edges = ["frontend": ["search": 40.0], "search": ["geo": 40.0], "geo": [:]]
        #expect(HeuristicAgentSignals.deepestFailing(edges) == ["geo"])
        #expect(HeuristicAgentSignals.deepestFailing(["a": ["b": 5], "b": ["a": 9]]) == ["a"])
    }

    @Test func podRunningAnotherImageThanItsDeploymentIsDeleted() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(Self.pods)
        #expect(evidence.restartedServices == ["user"])
        evidence.findings.absorbWorkloads(
            Self.healthyWorkloads + "\nuser                     yinfangchen/hotelreservation:latest   [\"user\"]")
        evidence.findings.absorbPodDetails(
            """
            NAME                        IMAGE                                 REASON      EXIT
            geo-6bc5d59d99-m5t7x        yinfangchen/hotelreservation:latest   <none>      <none>
            user-5c99c7b599-qzvz5       gcr.io/google-containers/pause:latest Completed   0
            """)
        let diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .podImageDrift)
        #expect(diagnosis.suspects == ["user"])
        #expect(
            diagnosis.submission(for: .analysis)
                == #"submit({"system_level": "Virtualization", "fault_type": "Misconfiguration"})"#)
        #expect(
            HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns)
                == ["kubectl delete pod user-5c99c7b599-qzvz5 -n \(Self.ns)"])
    }

    @Test func containerKilledFromOutsideIsAnOperationError() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(Self.pods.replacingOccurrences(of: "user-", with: "geo2-"))
        evidence.findings.absorbPodDetails(
            """
            NAME                        IMAGE                                 REASON   EXIT
            geo2-5c99c7b599-qzvz5       yinfangchen/hotelreservation:latest   Error    137
            """)
        let diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .containerKilled)
        #expect(diagnosis.suspects == ["geo2"])
        #expect(diagnosis.faultType == .operationError)
        #expect(HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns).isEmpty)
        evidence.findings.absorbPodDetails(
            """
            NAME                        IMAGE                                 REASON      EXIT
            geo2-5c99c7b599-qzvz5       yinfangchen/hotelreservation:latest   OOMKilled   137
            """)
        #expect(HeuristicAgentDiagnosis(evidence).rule != .containerKilled)
    }

    @Test func databaseAddressOnAPortItsServiceLacksIsAnAppMisconfiguration() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(
            """
            NAME                          READY   STATUS             RESTARTS      AGE
            geo-6bc5d59d99-m5t7x          0/1     CrashLoopBackOff   2 (3s ago)    30s
            mongodb-geo-b9bcd7845-hmxgk   1/1     Running            0             60s
            """)
        evidence.absorbServices(Self.services)
        evidence.absorbLogs(
            service: "geo",
            "INF cmd/geo/main.go:37 > Read database URL: mongodb-geo:27777\npanic: no reachable servers")
        var diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .applicationMisconfiguration)
        #expect(
            diagnosis.submission(for: .analysis)
                == #"submit({"system_level": "Application", "fault_type": "Misconfiguration"})"#)
        #expect(HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns).isEmpty)
        evidence.findings.absorbWorkloads(
            Self.healthyWorkloads.replacingOccurrences(
                of: "hotelreservation:latest   [\"geo\"]", with: "geo:app3                  [\"geo\"]"))
        #expect(evidence.findings.runsUnusualImage("geo"))
        diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(
            HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns)
                == ["kubectl rollout undo deploy/geo -n \(Self.ns)"])
        evidence.absorbLogs(service: "geo", "Read database URL: mongodb-geo:27017")
        #expect(HeuristicAgentDiagnosis(evidence).rule == .unexplainedFailure)
    }

    @Test func missingDatabaseUserIsRecreatedAsTheDatastoreDeclaresIt() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(
            """
            NAME                          READY   STATUS             RESTARTS      AGE
            geo-6bc5d59d99-m5t7x          0/1     CrashLoopBackOff   2 (3s ago)    30s
            mongodb-geo-b9bcd7845-hmxgk   1/1     Running            0             60s
            """)
        evidence.absorbLogs(
            service: "geo", "panic: server returned error on SASL authentication step: Authentication failed.")
        #expect(HeuristicAgentDiagnosis(evidence).rule == .databaseAuthentication)
        evidence.absorbLogs(
            service: "mongodb-geo",
            #"{"c":"ACCESS","id":20249,"msg":"Authentication failed","attr":{"error":"UserNotFound: Could not find "#
                + #"user \"admin\" for db \"admin\""}}"#)
        #expect(evidence.findings.missingUsers == ["mongodb-geo": "admin"])
        let inner =
            #"[{\"user\":\"admin\",\"pwd\":\"admin\",\"roles\":[{\"role\":\"userAdminAnyDatabase\",\"db\":"#
            + #"\"admin\"},{\"role\":\"readWrite\",\"db\":\"geo-db\"}]},{\"user\":\"root\",\"pwd\":\"r00t\",\"roles\""#
            + #":[{\"role\":\"userAdminAnyDatabase\",\"db\":\"admin\"}]}]"#
        evidence.findings.absorbDatastoreEnv(
            store: "mongodb-geo", #"'[{"name":"OPSLAB_MONGO_INIT","value":""# + inner + #""}]'"#)
        #expect(evidence.findings.declaredUsers["mongodb-geo"]?.map(\.user) == ["admin", "root"])
        let diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .missingDatabaseUser)
        #expect(diagnosis.suspects == ["mongodb-geo", "geo"])
        #expect(diagnosis.faultType == .networkStorageIssue)
        let fixes = HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns)
        #expect(fixes.count == 2)
        #expect(fixes[0].contains("-u root -p r00t"))
        #expect(
            fixes[0].contains(
                #"createUser({user: "admin", pwd: "admin", roles: [{role: "userAdminAnyDatabase", db: "admin"}, "#
                    + #"{role: "readWrite", db: "geo-db"}]})"#))
        #expect(fixes[1] == "kubectl delete pod geo-6bc5d59d99-m5t7x -n \(Self.ns)")
    }

    @Test func plannerSweepsMetricsThenReadsTracesWhenCallsFailWithoutACause() {
        var planner = HeuristicAgentPlanner(task: HeuristicAgentTask(kind: .localization, namespace: Self.ns))
        _ = planner.next(observation: nil)
        _ = planner.next(observation: Self.pods.replacingOccurrences(of: "1 (5s ago)", with: "0         "))
        _ = planner.next(observation: "")
        _ = planner.next(observation: "")
        _ = planner.next(observation: "")
        let query = planner.next(observation: "")
        #expect(query.hasPrefix("```\nquery_metrics(\"sum by (app, peer_service, code) (http_client_requests_total{"))
        #expect(
            planner.next(observation: #"{app="frontend", code="500", peer_service="search"} => 30 @1"#)
                .contains("custom-columns=NAME:.metadata.name,IMAGE:"))
        #expect(
            planner.next(
                observation: Self.healthyWorkloads
            ).contains("lastState.terminated"))
        #expect(planner.next(observation: "") == "```\nget_traces(\"\(Self.ns)\", 1)\n```")
        let read = planner.next(observation: "Traces data exported to: /w/trace_output/traces_1.csv")
        #expect(read == "```\nread_traces(\"/w/trace_output/traces_1.csv\")\n```")
        #expect(planner.next(observation: Self.traces()) == "```\nsubmit([\"search\"])\n```")
        #expect(planner.evidence.findings.traceOutboundLeaves == ["frontend", "geo"])
    }
}
