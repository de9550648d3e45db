import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// The heuristic agent's decisions on canned observations, as values without I/O.
@Suite("Heuristic agent")
struct HeuristicAgentTests {
    static let ns = "test-hotel-reservation"

    static let prompt = """
        You are an expert DevOps engineer assigned to mitigate anomalies in a deployed service.

        Service Details:
        Service Name: Hotel Reservation
        Namespace: test-hotel-reservation
        """

    static let healthyPods = """
        NAME                                     READY   STATUS    RESTARTS   AGE
        frontend-556c7b7776-fjkcf                1/1     Running   0          2m
        geo-77b8c667ff-vjjdm                     1/1     Running   0          2m
        mongodb-geo-69d7b9d555-rw9xb             1/1     Running   0          2m
        user-5876b8678-qrqz2                     1/1     Running   0          2m
        """

    static let crashingGeoPods = """
        NAME                                     READY   STATUS             RESTARTS      AGE
        frontend-556c7b7776-fjkcf                1/1     Running            0             2m
        geo-77b8c667ff-vjjdm                     0/1     CrashLoopBackOff   3 (10s ago)   1m
        mongodb-geo-69d7b9d555-rw9xb             1/1     Running            0             2m
        user-5876b8678-qrqz2                     1/1     Running            0             2m
        """

    static let endpoints = """
        NAME          ENDPOINTS          AGE
        frontend      127.36.1.1:5000    2m
        geo           127.36.1.2:8083    2m
        mongodb-geo   127.36.1.6:27017   2m
        user          127.36.1.17:9999   2m
        """

    static let services = """
        NAME          TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)     AGE
        frontend      ClusterIP   127.36.0.2    <none>        5000/TCP    2m
        geo           ClusterIP   127.36.0.3    <none>        8083/TCP    2m
        mongodb-geo   ClusterIP   127.36.0.7    <none>        27017/TCP   2m
        user          ClusterIP   127.36.0.18   <none>        8086/TCP    2m
        """

    @Test func promptGivesTaskKindAndNamespace() throws {
        let task = try #require(HeuristicAgentTask(prompt: Self.prompt))
        #expect(task.kind == .mitigation)
        #expect(task.namespace == Self.ns)
        let detection = Self.prompt.replacingOccurrences(of: "mitigate anomalies", with: "detect anomalies")
        #expect(HeuristicAgentTask(prompt: detection)?.kind == .detection)
        #expect(HeuristicAgentTask(prompt: "Namespace: x") == nil)
    }

    @Test func tableKeepsValuesWithSpaces() {
        let table = HeuristicAgentTable(Self.crashingGeoPods)
        #expect(table.columns == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        #expect(table.rows[1]["RESTARTS"] == "3 (10s ago)")
        #expect(table.rows[1]["STATUS"] == "CrashLoopBackOff")
    }

    @Test func podNamesMapToServices() {
        #expect(HeuristicAgentEvidence.service(ofPod: "mongodb-geo-69d7b9d555-rw9xb") == "mongodb-geo")
        #expect(HeuristicAgentEvidence.service(ofPod: "geo-77b8c667ff-vjjdm") == "geo")
    }

    @Test func healthyClusterSaysNo() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(Self.healthyPods)
        evidence.absorbEndpoints(Self.endpoints.replacingOccurrences(of: "9999", with: "8086"))
        evidence.absorbServices(Self.services)
        let diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .healthy)
        #expect(diagnosis.submission(for: .detection) == #"submit("No")"#)
        #expect(diagnosis.submission(for: .localization) == "submit([])")
        #expect(diagnosis.submission(for: .analysis) == "submit()")
    }

    @Test func databaseAuthorizationBlamesTheDatastoreFirst() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(Self.crashingGeoPods)
        #expect(evidence.unhealthyServices == ["geo"])
        #expect(evidence.restartedServices == ["geo"])
        evidence.absorbLogs(
            service: "geo",
            "ERR cmd/geo/db.go:42 > not authorized on geo-db to execute command { count: \"geo\" }")
        let diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .databaseAuthorization)
        #expect(diagnosis.suspects == ["mongodb-geo", "geo"])
        #expect(diagnosis.submission(for: .localization) == #"submit(["mongodb-geo", "geo"])"#)
        #expect(
            diagnosis.submission(for: .analysis)
                == #"submit({"system_level": "Application", "fault_type": "Authentication Issue"})"#)
        let fixes = HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns)
        #expect(fixes.count == 2)
        #expect(fixes[0].hasPrefix("kubectl exec deploy/mongodb-geo -n \(Self.ns) -- mongo admin -u root -p root"))
        #expect(fixes[0].contains(#"{role: "readWrite", db: "geo-db"}"#))
        #expect(fixes[1] == "kubectl delete pod geo-77b8c667ff-vjjdm -n \(Self.ns)")
    }

    @Test func authenticationFailureHasNoJustifiedFix() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(Self.crashingGeoPods)
        evidence.absorbLogs(service: "geo", "server returned error on SASL authentication step: Authentication failed.")
        let diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .databaseAuthentication)
        #expect(diagnosis.suspects == ["mongodb-geo", "geo"])
        #expect(diagnosis.faultType == .authenticationIssue)
        #expect(HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns).isEmpty)
    }

    @Test func targetPortMismatchIsPatched() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(Self.healthyPods)
        evidence.absorbEndpoints(Self.endpoints)
        evidence.absorbServices(Self.services)
        #expect(evidence.endpointSuspects == ["user"])
        evidence.absorbPorts(service: "user", targetPort: "9999", containerPort: "8086")
        let diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .targetPortMismatch)
        #expect(diagnosis.systemLevel == .virtualization)
        #expect(diagnosis.faultType == .misconfiguration)
        let fixes = HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns)
        #expect(
            fixes == [
                #"kubectl patch svc user -n test-hotel-reservation --type=json -p '[{"op":"replace","path":"#
                    + #""/spec/ports/0/targetPort","value":8086}]'"#
            ])
    }

    @Test func matchingPortsAreNotAMismatch() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPorts(service: "geo", targetPort: "8083", containerPort: "8083")
        #expect(evidence.portMismatches.isEmpty)
    }

    @Test func zeroReplicasAreScaledBack() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbDeployments(
            """
            NAME       READY   UP-TO-DATE   AVAILABLE   AGE
            frontend   1/1     1            1           2m
            user       0/0     0            0           2m
            """)
        let diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .zeroReplicas)
        #expect(diagnosis.faultType == .operationError)
        #expect(diagnosis.submission(for: .detection) == #"submit("Yes")"#)
        #expect(
            HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns)
                == ["kubectl scale deploy user -n \(Self.ns) --replicas=1"])
    }

    @Test func unschedulablePodLosesItsNodeSelector() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbPods(
            """
            NAME                   READY   STATUS    RESTARTS   AGE
            user-7f9c6d5b4-abcde   0/1     Pending   0          30s
            """)
        evidence.absorbEvents(
            """
            LAST SEEN   TYPE      REASON             OBJECT                     MESSAGE
            30s         Warning   FailedScheduling   pod/user-7f9c6d5b4-abcde   0/1 nodes are available
            """)
        #expect(evidence.unschedulableServices == ["user"])
        var diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(diagnosis.rule == .unschedulable)
        #expect(diagnosis.faultType == .dependencyProblem)
        #expect(HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns).isEmpty)
        evidence.absorbNodeSelector(service: "user", #"{"kubernetes.io/hostname":"extra-node"}"#)
        diagnosis = HeuristicAgentDiagnosis(evidence)
        #expect(
            HeuristicAgentPlanner.fixes(for: diagnosis, evidence: evidence, namespace: Self.ns)
                == [
                    #"kubectl patch deploy user -n \#(Self.ns) --type=json -p '[{"op":"remove","path":"#
                        + #""/spec/template/spec/nodeSelector"}]'"#
                ])
    }

    @Test func logsNameRpcTargetsAndUnreachableDependencies() {
        var evidence = HeuristicAgentEvidence()
        evidence.absorbLogs(
            service: "frontend",
            "rpc error: code = Unavailable desc = connection error via user:8086: connection refused\n"
                + "no reachable servers")
        #expect(evidence.rpcTargets["frontend"] == ["user"])
        #expect(evidence.unreachableDependencies == ["frontend"])
    }

    @Test func plannerWalksProbesThenSubmits() {
        let task = HeuristicAgentTask(kind: .localization, namespace: Self.ns)
        var planner = HeuristicAgentPlanner(task: task)
        #expect(planner.next(observation: nil) == "```\nexec_shell(\"kubectl get pods -n \(Self.ns)\")\n```")
        _ = planner.next(observation: Self.crashingGeoPods)  // events
        _ = planner.next(observation: "No resources found")  // deploy
        _ = planner.next(observation: "")  // endpoints
        let logs = planner.next(observation: Self.endpoints.replacingOccurrences(of: "9999", with: "8086"))
        #expect(logs.contains("kubectl get svc -n"))
        #expect(planner.next(observation: Self.services).contains("query_metrics("))
        _ = planner.next(observation: "(empty vector result: no series match)")  // workloads
        _ = planner.next(observation: "")  // pod details
        let next = planner.next(observation: "")
        #expect(next == "```\nget_logs(\"\(Self.ns)\", \"geo\")\n```")
        let submit = planner.next(observation: "not authorized on geo-db to execute command")
        #expect(submit == "```\nsubmit([\"mongodb-geo\", \"geo\"])\n```")
        #expect(planner.steps == 10)
    }

    @Test func runningPodWithoutEndpointsIsRecheckedAfterAPause() {
        var planner = HeuristicAgentPlanner(task: HeuristicAgentTask(kind: .detection, namespace: Self.ns))
        _ = planner.next(observation: nil)
        _ = planner.next(observation: Self.healthyPods)
        _ = planner.next(observation: "")
        _ = planner.next(observation: "")
        let withoutGeo = Self.endpoints.replacingOccurrences(of: "127.36.1.2:8083", with: "<none>         ")
            .replacingOccurrences(of: "9999", with: "8086")
        _ = planner.next(observation: withoutGeo)
        _ = planner.next(observation: Self.services)  // metrics
        _ = planner.next(observation: "")  // workloads
        _ = planner.next(observation: "")  // pod details
        #expect(planner.next(observation: "").contains("{.spec.ports[0].targetPort}"))
        #expect(planner.next(observation: "8083").contains("containerPort"))
        #expect(!planner.pauseRequested)
        let relist = planner.next(observation: "8083")
        #expect(planner.pauseRequested)
        #expect(relist.contains("kubectl get pods"))
        #expect(planner.evidence.unexplainedEndpoints == ["geo"])
        _ = planner.next(observation: Self.crashingGeoPods)
        _ = planner.next(observation: "")
        #expect(planner.next(observation: withoutGeo) == "```\nget_logs(\"\(Self.ns)\", \"geo\")\n```")
        #expect(planner.next(observation: "nothing useful") == "```\nsubmit(\"Yes\")\n```")
    }

    @Test func plannerNeverExceedsItsStepBudget() {
        let task = HeuristicAgentTask(kind: .detection, namespace: Self.ns)
        var planner = HeuristicAgentPlanner(task: task, maxSteps: 3)
        _ = planner.next(observation: nil)
        _ = planner.next(observation: Self.crashingGeoPods)
        #expect(planner.next(observation: "") == "```\nsubmit(\"Yes\")\n```")
    }

    @Test func shellLiteralEscapesQuotes() {
        #expect(HeuristicAgentPlanner.shell(#"echo "a\b""#) == #"exec_shell("echo \"a\\b\"")"#)
        #expect(HeuristicAgent.observation(in: "out\nPlease take the next action") == "out")
    }

    @Test func agentRejectsAPromptWithoutTask() async {
        await #expect(throws: HeuristicAgentError.unreadablePrompt) {
            try await HeuristicAgent(settleDelay: .zero).getAction("hello")
        }
    }
}
