import Testing

@testable import OpsLabCore

@Suite("ProblemID")
struct ProblemIDTests {
    @Test(
        "parses and formats the original's ids",
        arguments: [
            ("revoke_auth_mongodb-mitigation-1", "revoke_auth_mongodb", TaskKind.mitigation, 1 as Int?),
            ("misconfig_app_hotel_res-detection-1", "misconfig_app_hotel_res", .detection, 1),
            ("k8s_target_port-misconfig-localization-3", "k8s_target_port-misconfig", .localization, 3),
            ("redeploy_without_PV-analysis-1", "redeploy_without_PV", .analysis, 1),
            ("container_kill-detection", "container_kill", .detection, nil),
            ("user_unregistered_mongodb-analysis-2", "user_unregistered_mongodb", .analysis, 2),
        ])
    func standard(text: String, family: String, task: TaskKind, variant: Int?) throws {
        let id = try ProblemID(parsing: text)
        #expect(id.family == family)
        #expect(id.task == task)
        #expect(id.variant == variant)
        #expect(id.layout == .standard)
        #expect(!id.isNoFault)
        #expect(id.description == text)
    }

    @Test("parses the irregular no-fault ids")
    func noFault() throws {
        let id = try ProblemID(parsing: "noop_detection_hotel_reservation-1")
        #expect(id.family == "noop")
        #expect(id.task == .detection)
        #expect(id.layout == .noFault(app: "hotel_reservation"))
        #expect(id.isNoFault)
        #expect(id.description == "noop_detection_hotel_reservation-1")
        #expect(
            ProblemID.noFault(task: .detection, app: "astronomy_shop").description
                == "noop_detection_astronomy_shop-1")
        #expect(id.with(task: .localization).description == "noop_localization_hotel_reservation-1")
    }

    @Test("derives sibling ids and round-trips through Codable")
    func siblingsAndCodable() throws {
        let id = ProblemID(family: "scale_pod_zero_hotel_res", task: .detection, variant: 1)
        #expect(id.with(task: .mitigation).description == "scale_pod_zero_hotel_res-mitigation-1")
        let json = try JSONValue(encoding: id)
        #expect(json == .string("scale_pod_zero_hotel_res-detection-1"))
        #expect(try json.decode(ProblemID.self) == id)
        #expect(ProblemID("revoke_auth_mongodb-detection-2")?.variant == 2)
    }

    @Test(
        "rejects malformed ids with the expected pattern in the message",
        arguments: [
            "", "revoke_auth_mongodb", "revoke_auth_mongodb-fix-1", "-detection-1", "bad id-detection-1",
            "revoke_auth_mongodb-detection-99999999999999999999",
        ])
    func rejects(text: String) {
        #expect(ProblemID(text) == nil)
        do {
            _ = try ProblemID(parsing: text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.description.contains("noop_<task>_<app>-<n>"))
            #expect(error.description.contains("`\(text)`"))
        }
    }

    @Test("task kinds carry the original's names and time metrics")
    func taskKinds() {
        #expect(TaskKind.allCases.map(\.rawValue) == ["detection", "localization", "analysis", "mitigation"])
        #expect(TaskKind.allCases.map(\.timeMetricKey) == ["TTD", "TTL", "TTA", "TTM"])
        #expect(TaskKind.analysis.rolePhrase == "do root cause analysis")
    }
}
