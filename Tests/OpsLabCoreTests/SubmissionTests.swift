import Testing

@testable import OpsLabCore

@Suite("Submission and ground truth")
struct SubmissionTests {
    @Test("detection accepts Yes/No leniently and rejects anything else")
    func detection() throws {
        #expect(try Submission(task: .detection, answer: "Yes") == .detection(hasAnomaly: true))
        #expect(try Submission(task: .detection, answer: " no ") == .detection(hasAnomaly: false))
        #expect(Submission.detection(hasAnomaly: true).json == "Yes")
        let error = #expect(throws: ActionParseError.self) { try Submission(task: .detection, answer: "maybe") }
        #expect(error?.code == .invalidSubmission)
        #expect(error?.message.contains("\"maybe\"") == true)
        #expect(error?.description.contains("submit(\"Yes\")") == true)
        #expect(throws: ActionParseError.self) { try Submission(task: .detection, answer: true) }
    }

    @Test("localization takes a list, a single string, or an empty list")
    func localization() throws {
        #expect(
            try Submission(task: .localization, answer: ["geo", " mongodb-geo "])
                == .localization(["geo", "mongodb-geo"]))
        #expect(try Submission(task: .localization, answer: "geo") == .localization(["geo"]))
        #expect(try Submission(task: .localization, answer: []) == .localization([]))
        let error = #expect(throws: ActionParseError.self) { try Submission(task: .localization, answer: ["geo", 3]) }
        #expect(error?.message.contains("Item 2") == true)
        #expect(throws: ActionParseError.self) { try Submission(task: .localization, answer: [""]) }
        #expect(throws: ActionParseError.self) { try Submission(task: .localization, answer: ["a": "b"]) }
    }

    @Test("analysis checks keys and the original vocabularies")
    func analysis() throws {
        let good = try Submission(
            task: .analysis, answer: ["system_level": "application", "fault_type": "Network/Storage Issue"])
        #expect(good == .analysis(AnalysisAnswer(systemLevel: .application, faultType: .networkStorageIssue)))
        #expect(good.json == ["system_level": "Application", "fault_type": "Network/Storage Issue"])
        #expect(try Submission(task: .analysis, answer: .null) == .analysis(nil))
        let badLevel = #expect(throws: ActionParseError.self) {
            try Submission(task: .analysis, answer: ["system_level": "Kernel", "fault_type": "Code Defect"])
        }
        #expect(badLevel?.message.contains("\"Operating System\"") == true)
        let badType = #expect(throws: ActionParseError.self) {
            try Submission(task: .analysis, answer: ["system_level": "Hardware", "fault_type": "Bug"])
        }
        #expect(badType?.message.contains("\"Dependency Problem\"") == true)
        let extra = #expect(throws: ActionParseError.self) {
            try Submission(
                task: .analysis, answer: ["system_level": "Hardware", "fault_type": "Code Defect", "x": "y"])
        }
        #expect(extra?.message.contains("\"x\"") == true)
        #expect(throws: ActionParseError.self) {
            try Submission(task: .analysis, answer: ["fault_type": "Code Defect"])
        }
        #expect(throws: ActionParseError.self) { try Submission(task: .analysis, answer: "Application") }
    }

    @Test("mitigation accepts any call and records null")
    func mitigation() throws {
        #expect(try Submission(task: .mitigation, answer: .null) == .mitigation)
        #expect(try Submission(task: .mitigation, answer: "done") == .mitigation)
        #expect(Submission.mitigation.json == .null)
        #expect(Submission.mitigation.task == .mitigation)
    }

    @Test("vocabularies are the original's exact strings")
    func vocabularies() {
        #expect(
            SystemLevel.allCases.map(\.rawValue) == ["Hardware", "Operating System", "Virtualization", "Application"])
        #expect(
            FaultType.allCases.map(\.rawValue) == [
                "Misconfiguration", "Code Defect", "Authentication Issue", "Network/Storage Issue", "Operation Error",
                "Dependency Problem",
            ])
        #expect(SystemLevel(answer: " operating system ") == .operatingSystem)
        #expect(FaultType(answer: "network/storage issue") == .networkStorageIssue)
        #expect(FaultType(answer: "network issue") == nil)
    }

    @Test("ground truth matches components through alias data")
    func groundTruth() {
        let truth = GroundTruth(
            faultyComponents: ["mongodb-geo"], aliases: ["mongodb-geo": ["geo"]], systemLevel: .application,
            faultType: .authenticationIssue)
        #expect(truth.component(matching: "GEO ") == "mongodb-geo")
        #expect(truth.component(matching: "mongodb-geo") == "mongodb-geo")
        #expect(truth.component(matching: "rate") == nil)
        #expect(GroundTruth(faultyComponents: ["mongodb-geo"]).component(matching: "geo") == nil)
        #expect(truth.json["system_level"] == "Application")
        #expect(truth.json["aliases"] == ["mongodb-geo": ["geo"]])
        #expect(GroundTruth.noFault.hasFault == false)
        #expect(GroundTruth.noFault.json["fault_type"] == .null)
    }
}
