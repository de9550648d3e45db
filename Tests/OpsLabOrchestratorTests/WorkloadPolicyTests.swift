import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// Per-problem workload policies, their overrides, and the symptom conditions, as values.
@Suite("Workload policy")
struct WorkloadPolicyTests {
    @Test func everyRegisteredProblemGetsAPolicyByFamily() {
        let revoke = WorkloadPolicyTable.policy(forProblem: "revoke_auth_mongodb-detection-1")
        #expect(revoke.rate == 10)
        #expect(revoke.distribution == .exponential)
        #expect(revoke.connections == 2)
        #expect(revoke.wait.condition == .crashLoop)
        #expect(revoke.wait.limit == .seconds(20))
        #expect(WorkloadPolicyTable.policy(forProblem: "noop_detection_hotel_reservation-1").wait == .none)
        #expect(WorkloadPolicyTable.policy(forProblem: "container_kill-detection").rate == 100)
        #expect(
            WorkloadPolicyTable.policy(forProblem: "assign_to_non_existent_node_hotel_res-mitigation-1").wait
                .condition == .podPending)
        #expect(WorkloadPolicyTable.policy(forProblem: "wrong_bin_usage-analysis-1").wait.condition == .workloadErrors)
        #expect(WorkloadPolicyTable.policy(forProblem: "something_new-detection-1") == WorkloadPolicyTable.fallback)
        #expect(WorkloadPolicyTable.policy(forProblem: "not an id") == WorkloadPolicyTable.fallback)
        for id in ProblemRegistry.ids where !id.hasPrefix("noop") {
            let policy = WorkloadPolicyTable.policy(forProblem: id)
            #expect(policy != WorkloadPolicyTable.fallback, "\(id) has no rule of its own")
            #expect(policy.wait.waits && policy.wait.limit <= .seconds(20), "\(id): \(policy.summary)")
        }
    }

    @Test func overridesChangeRateWarmUpAndWait() {
        let base = WorkloadPolicyTable.policy(forProblem: "revoke_auth_mongodb-detection-1")
        let faster = WorkloadPolicyOverrides(rate: 50, warmUp: .zero, waitAfterInjection: .seconds(5)).applied(to: base)
        #expect(faster.rate == 50)
        #expect(faster.warmUp == .zero)
        #expect(faster.wait.condition == .crashLoop)
        #expect(faster.wait.limit == .seconds(5))
        #expect(WorkloadPolicyOverrides(waitAfterInjection: .zero).applied(to: base).wait == .none)
        let noop = WorkloadPolicyTable.policy(forProblem: "noop_detection_hotel_reservation-1")
        let waited = WorkloadPolicyOverrides(waitAfterInjection: .seconds(2)).applied(to: noop)
        #expect(waited.wait.condition == .elapsed)
        #expect(waited.wait.limit == .seconds(2))
        #expect(WorkloadPolicyOverrides().applied(to: base) == base)
        let configuration = OrchestratorConfiguration(
            resultsDirectory: "/r", executablePath: "/x", workload: WorkloadPolicyOverrides(rate: 0))
        #expect(configuration.workloadPolicy(for: "revoke_auth_mongodb-detection-1").rate == 0)
        #expect(configuration.workloadPolicy(for: "revoke_auth_mongodb-detection-1").summary.hasPrefix("no workload"))
    }

    @Test func policyIsRecordedAsJSONAndSummarised() {
        let policy = WorkloadPolicyTable.policy(forProblem: "revoke_auth_mongodb-detection-1")
        #expect(
            policy.summary == "10 req/s exponential, 2 connections, warm-up 1 s; wait after injection: "
                + "until a container crash-loops (at most 20 s)")
        let record = WorkloadRecord(policy: policy, waitedSeconds: 3.14159, symptom: "pod geo-1 restarted (1)")
        let json = record.json
        #expect(json["rate"] == .double(10))
        #expect(json["distribution"] == .string("exponential"))
        #expect(json["warm_up"] == .double(1))
        #expect(json["wait_after_injection"]?["condition"] == .string("crash_loop"))
        #expect(json["wait_after_injection"]?["limit"] == .double(20))
        #expect(json["waited"] == .double(3.14))
        #expect(json["symptom"] == .string("pod geo-1 restarted (1)"))
        #expect(WorkloadRecord(policy: policy).json["symptom"] == .null)
    }

    @Test func symptomConditionsReadPodsAndErrors() throws {
        let healthy = try Self.pod("geo-1", phase: "Running", status: #"{"name":"geo","ready":true,"restartCount":0}"#)
        let looping = try Self.pod(
            "geo-2", phase: "Running",
            status: #"{"name":"geo","ready":false,"restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}"#)
        let pending = try Self.pod("user-1", phase: "Pending", status: nil)
        let crash = InjectionWait(.crashLoop, limit: .seconds(20))
        #expect(SymptomProbe.symptom(crash, pods: [healthy], workloadErrors: 0) == nil)
        #expect(
            SymptomProbe.symptom(crash, pods: [healthy, looping], workloadErrors: 0)
                == "pod geo-2 container geo is waiting: CrashLoopBackOff")
        let pendingWait = InjectionWait(.podPending, limit: .seconds(10))
        #expect(SymptomProbe.symptom(pendingWait, pods: [healthy], workloadErrors: 0) == nil)
        #expect(
            SymptomProbe.symptom(pendingWait, pods: [healthy, pending], workloadErrors: 0) == "pod user-1 is Pending")
        let errors = InjectionWait(.workloadErrors, limit: .seconds(5), minimumErrors: 3)
        #expect(SymptomProbe.symptom(errors, pods: [], workloadErrors: 2) == nil)
        #expect(SymptomProbe.symptom(errors, pods: [], workloadErrors: 3) != nil)
        #expect(
            SymptomProbe.symptom(InjectionWait(.elapsed, limit: .seconds(1)), pods: [looping], workloadErrors: 9)
                == nil)
        #expect(
            SymptomProbe.symptom(InjectionWait(.unhealthy, limit: .seconds(1)), pods: [pending], workloadErrors: 0)
                != nil)
        #expect(!InjectionWait.none.waits)
        #expect(InjectionWait(.crashLoop, limit: .zero).summary == "no wait")
    }

    static func pod(_ name: String, phase: String, status: String?) throws -> JSONValue {
        let statuses = status.map { "[\($0)]" } ?? "[]"
        return try JSONValue(
            parsing:
                #"{"metadata":{"name":"\#(name)"},"status":{"phase":"\#(phase)","containerStatuses":\#(statuses)}}"#)
    }
}
