import OpsLabApps
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

@Suite("ProblemPrompt")
struct ProblemPromptTests {
    @Test("each task's prompt has the role, service details, actions and answer format")
    func content() throws {
        let expectedExamples: [TaskKind: [String]] = [
            .detection: [#"submit("No")"#, #"submit("Yes")"#],
            .localization: [#"submit(["placeholderA", "placeholderB"])"#, "submit([])"],
            .analysis: [#""system_level": "your_system_level_analysis""#, "submit()"],
            .mitigation: ["submit()", "takes no parameters"],
        ]
        for task in TaskKind.allCases {
            let problem = try ProblemRegistry.problem("revoke_auth_mongodb-\(task.rawValue)-1")
            let prompt = TaskPromptBuilder.prompt(for: problem)
            #expect(prompt.description.hasPrefix("You are an expert DevOps engineer assigned to \(task.rolePhrase)"))
            #expect(prompt.description.contains("Service Details:\n" + problem.app.serviceDetails))
            #expect(prompt.description.contains("Namespace: test-hotel-reservation"))
            #expect(prompt.description.contains("Supported Operations:\n  - "))
            #expect(
                Set(prompt.actions.keys) == [
                    "exec_shell", "get_logs", "get_metrics", "read_metrics", "query_metrics", "get_traces",
                    "read_traces", "submit",
                ])
            #expect(prompt.actions == problem.actions.docs)
            #expect(prompt.instructions.contains(try #require(problem.actions["submit"]).signatureText))
            #expect(prompt.instructions.contains("<API_NAME>(<API_PARAM1>, <API_PARAM2> ...)"))
            #expect(prompt.instructions.contains("exec_shell(\"kubectl get pods -n test-hotel-reservation\")"))
            #expect(prompt.instructions.contains("exactly one API call"))
            for example in expectedExamples[task] ?? [] {
                #expect(prompt.instructions.contains(example), "\(task): missing \(example)")
            }
            #expect(prompt.text.contains("Available actions:\n\n" + problem.actions.listing))
            #expect(prompt.text.hasPrefix(prompt.description))
            #expect(prompt.text.hasSuffix(prompt.instructions))
        }
    }

    @Test("analysis lists the original's vocabularies; detection asks for Yes or No")
    func vocabularies() throws {
        let analysis = TaskPromptBuilder.prompt(for: try ProblemRegistry.problem("scale_pod_zero_hotel_res-analysis-1"))
        for level in SystemLevel.allCases { #expect(analysis.description.contains("\"\(level.rawValue)\"")) }
        for type in FaultType.allCases { #expect(analysis.description.contains("\"\(type.rawValue)\"")) }
        let detection = TaskPromptBuilder.prompt(
            for: try ProblemRegistry.problem("noop_detection_hotel_reservation-1"))
        #expect(detection.description.contains("1. str: \"Yes\""))
        #expect(!detection.description.contains("system_level"))
    }

    @Test("prompts depend only on app and task, never on the fault")
    func faultIndependent() {
        var byTask: [TaskKind: TaskPrompt] = [:]
        for problem in ProblemRegistry.all {
            let prompt = TaskPromptBuilder.prompt(for: problem)
            if let seen = byTask[problem.task] {
                #expect(seen == prompt, "\(problem.idText) differs from another \(problem.task) prompt")
            } else {
                byTask[problem.task] = prompt
            }
        }
        #expect(byTask.count == TaskKind.allCases.count)
    }

    @Test("no prompt names the problem id, the fault or the injector")
    func noLeak() {
        let faultWords = [
            "revoke", "unregist", "targetport", "9999", "extra-node", "scale", "noop", "inject", "non_existent",
            "non-existent", "nonexistent", "chaos", "dropuser", "fault:",
        ]
        for problem in ProblemRegistry.all {
            let prompt = TaskPromptBuilder.prompt(for: problem)
            let texts =
                [prompt.description, prompt.instructions, prompt.text] + Array(prompt.actions.values)
                + Array(prompt.actions.keys)
            let forbidden = [problem.idText, problem.id.family, problem.fault.name] + faultWords
            for text in texts {
                let lower = text.lowercased()
                for word in forbidden {
                    #expect(!lower.contains(word.lowercased()), "\(problem.idText): prompt contains \"\(word)\"")
                }
            }
        }
    }
}
