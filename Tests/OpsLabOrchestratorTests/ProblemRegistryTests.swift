import OpsLabApps
import OpsLabCore
import OpsLabFaults
import Testing

@testable import OpsLabOrchestrator

@Suite("ProblemRegistry")
struct ProblemRegistryTests {
    @Test("ids are unique and parse back to the definition's id")
    func uniqueParsableIDs() throws {
        let ids = ProblemRegistry.ids
        #expect(Set(ids).count == ids.count)
        for problem in ProblemRegistry.all {
            #expect(try ProblemID(parsing: problem.idText) == problem.id)
            #expect(problem.id.task == problem.task)
        }
    }

    @Test("covers AIOpsLab's HotelReservation ids and the new hotel families, all four tasks each")
    func coverage() {
        let ids = Set(ProblemRegistry.ids)
        let families = [
            "revoke_auth_mongodb-%@-1", "revoke_auth_mongodb-%@-2", "user_unregistered_mongodb-%@-1",
            "user_unregistered_mongodb-%@-2", "k8s_target_port-misconfig_hotel_res-%@-1",
            "scale_pod_zero_hotel_res-%@-1",
            "assign_to_non_existent_node_hotel_res-%@-1", "misconfig_app_hotel_res-%@-1", "wrong_bin_usage-%@-1",
        ]
        for pattern in families {
            for task in TaskKind.allCases {
                let id = pattern.replacingOccurrences(of: "%@", with: task.rawValue)
                #expect(ids.contains(id), "missing \(id)")
            }
        }
        #expect(ids.contains("noop_detection_hotel_reservation-1"))
        #expect(!ids.contains("noop_localization_hotel_reservation-1"))
        let chaos = [
            "pod_failure_hotel_res-detection-1", "pod_failure_hotel_res-localization-1",
            "pod_failure_hotel_res-analysis-1", "pod_failure_hotel_res-mitigation-1",
            "pod_kill_hotel_res-detection-1", "pod_kill_hotel_res-localization-1",
            "container_kill-detection", "container_kill-localization", "container_kill-analysis",
            "network_loss_hotel_res-detection-1", "network_loss_hotel_res-localization-1",
            "network_loss_hotel_res-analysis-1", "network_delay_hotel_res-detection-1",
            "network_delay_hotel_res-localization-1", "network_delay_hotel_res-analysis-1",
        ]
        for id in chaos { #expect(ids.contains(id), "missing \(id)") }
        #expect(!ids.contains("container_kill-mitigation"))
        #expect(!ids.contains("network_loss_hotel_res-mitigation-1"))
        #expect(!ids.contains("network_delay_hotel_res-mitigation-1"))
        #expect(ids.count == families.count * 4 + chaos.count + 1)
    }

    @Test("lookup returns the right app, task and ground truth")
    func lookup() throws {
        let rate = try ProblemRegistry.problem("revoke_auth_mongodb-analysis-2")
        #expect(rate.task == .analysis)
        #expect(rate.app.namespace == "test-hotel-reservation")
        let truth = rate.groundTruth()
        #expect(truth.faultyComponents == ["mongodb-rate"])
        #expect(truth.component(matching: "rate") == "mongodb-rate")
        #expect(truth.systemLevel == .application)
        #expect(truth.faultType == .authenticationIssue)

        let unregistered = try ProblemRegistry.problem(" user_unregistered_mongodb-localization-1 ")
        #expect(unregistered.groundTruth().faultyComponents == ["mongodb-geo"])
        #expect(unregistered.groundTruth().faultType == .networkStorageIssue)

        let port = try ProblemRegistry.problem("k8s_target_port-misconfig_hotel_res-mitigation-1")
        #expect(port.groundTruth().faultyComponents == ["user"])
        #expect(port.groundTruth().systemLevel == .virtualization)
        #expect(
            try ProblemRegistry.problem("scale_pod_zero_hotel_res-analysis-1").groundTruth().faultType
                == .operationError)
        #expect(
            try ProblemRegistry.problem("assign_to_non_existent_node_hotel_res-detection-1").groundTruth()
                .faultType == .dependencyProblem)

        let noop = try ProblemRegistry.problem("noop_detection_hotel_reservation-1")
        #expect(noop.isNoFault)
        #expect(noop.groundTruth().hasFault == false)
        #expect(!(try ProblemRegistry.problem("revoke_auth_mongodb-detection-1").isNoFault))
    }

    @Test("the Chaos Mesh problems use AIOpsLab's experiments and targets")
    func chaosProblems() throws {
        let failure = try #require(
            try ProblemRegistry.problem("pod_failure_hotel_res-analysis-1").fault as? PodFailureFault)
        #expect(failure.experiment.name == "pod-failure-experiment")
        #expect(failure.experiment.duration == "100s")
        #expect(failure.groundTruth().faultyComponents == ["user"])
        #expect(failure.groundTruth().systemLevel == .virtualization)
        #expect(failure.groundTruth().faultType == .misconfiguration)
        let podKill = try #require(
            try ProblemRegistry.problem("pod_kill_hotel_res-localization-1").fault as? PodFailureFault)
        #expect(podKill.experiment.name == "pod-kill")
        #expect(podKill.experiment.action == "pod-failure")
        let kill = try ProblemRegistry.problem("container_kill-detection")
        #expect(WorkloadPolicyTable.policy(forProblem: kill.idText).rate == 100)
        let killFault = try #require(kill.fault as? ContainerKillFault)
        #expect(killFault.experiment.containerNames == ["hotel-reserv-geo"])
        #expect(killFault.groundTruth().faultType == .operationError)
    }

    @Test("each call builds fresh problems with the default workload")
    func defaults() throws {
        let problem = try ProblemRegistry.problem("scale_pod_zero_hotel_res-mitigation-1")
        #expect(WorkloadPolicyTable.policy(forProblem: problem.idText).rate == 10)
        #expect(
            problem.actions.names == [
                "exec_shell", "get_logs", "get_metrics", "read_metrics", "query_metrics", "get_traces", "read_traces",
                "submit",
            ])
        let first = try #require(problem.fault as? ScaleToZeroFault)
        let second = try #require(try ProblemRegistry.problem(problem.idText).fault as? ScaleToZeroFault)
        #expect(first.memory !== second.memory)
    }

    @Test("an unknown id throws with close matches")
    func unknownID() {
        do {
            _ = try ProblemRegistry.problem("revoke_auth_mongodb-detecton-1")
            Issue.record("expected an error")
        } catch {
            #expect(error.suggestions.first == "revoke_auth_mongodb-detection-1")
            #expect(error.description.contains("did you mean: revoke_auth_mongodb-detection-1"))
        }
        do {
            _ = try ProblemRegistry.problem("scale_pod_zero")
            Issue.record("expected an error")
        } catch {
            #expect(!error.suggestions.isEmpty)
            #expect(error.suggestions.allSatisfy { $0.hasPrefix("scale_pod_zero_hotel_res-") })
        }
        do {
            _ = try ProblemRegistry.problem("completely-unrelated-thing-42")
            Issue.record("expected an error")
        } catch {
            #expect(error.suggestions.isEmpty)
            #expect(error.description.contains("opslab problems"))
        }
    }

    @Test("network chaos problems target user with AIOpsLab's experiments and a network ground truth")
    func networkChaos() throws {
        for id in ["network_delay_hotel_res-localization-1", "network_loss_hotel_res-analysis-1"] {
            let problem = try ProblemRegistry.problem(id)
            let truth = problem.groundTruth()
            #expect(truth.faultyComponents == ["user"])
            #expect(truth.systemLevel == .virtualization)
            #expect(truth.faultType == .networkStorageIssue)
        }
        let delay = try #require(
            try ProblemRegistry.problem("network_delay_hotel_res-detection-1").fault as? NetworkDelayFault)
        let manifest = delay.experiment.manifest(namespace: "test-hotel-reservation")
        #expect(manifest["kind"] == "NetworkChaos")
        #expect(manifest[path: ["metadata", "name"]] == "delay")
        #expect(manifest[path: ["spec", "delay", "latency"]] == "10s")
        #expect(manifest[path: ["spec", "duration"]] == "200s")
        let loss = try #require(
            try ProblemRegistry.problem("network_loss_hotel_res-detection-1").fault as? NetworkLossFault)
        let lossManifest = loss.experiment.manifest(namespace: "test-hotel-reservation")
        #expect(lossManifest[path: ["spec", "loss", "loss"]] == "99")
        #expect(lossManifest[path: ["spec", "selector", "namespaces"]] == ["test-hotel-reservation"])
    }

    @Test("filter by app and task")
    func filter() {
        let detection = ProblemRegistry.filter(task: .detection)
        #expect(detection.count == 15)
        #expect(detection.allSatisfy { $0.task == .detection })
        let mitigation = ProblemRegistry.filter(app: "hotel_reservation", task: .mitigation)
        #expect(mitigation.count == 10)
        #expect(!mitigation.contains { $0.isNoFault })
        #expect(ProblemRegistry.filter(app: "Hotel Reservation").count == ProblemRegistry.all.count)
        #expect(ProblemRegistry.filter(app: "test-hotel-reservation").count == ProblemRegistry.all.count)
        #expect(ProblemRegistry.filter(app: "social-network").isEmpty)
        #expect(ProblemRegistry.app(matching: "HOTEL-RESERVATION")?.name == "hotel-reservation")
        #expect(ProblemRegistry.app(matching: "nope") == nil)
    }

    @Test("edit distance")
    func editDistance() {
        #expect(ProblemRegistry.editDistance("kitten", "sitting") == 3)
        #expect(ProblemRegistry.editDistance("", "abc") == 3)
        #expect(ProblemRegistry.editDistance("same", "same") == 0)
    }
}
