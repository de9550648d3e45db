import Foundation
import OpsLabApps
import OpsLabCore

/// Builds the ``TaskPrompt`` of a problem from its task, its app's metadata and its action catalog.
///
/// The text depends only on the task kind and the app, never on the fault: two problems of the same app and
/// task get the same prompt, so nothing in it can give the answer away.
public enum TaskPromptBuilder {
    /// The prompt of a problem.
    public static func prompt(for problem: ProblemDefinition) -> TaskPrompt {
        prompt(task: problem.task, app: problem.app, actions: problem.actions)
    }

    /// The prompt of a task on an app with a given action catalog.
    public static func prompt(task: TaskKind, app: AppDefinition, actions: ActionCatalog) -> TaskPrompt {
        TaskPrompt(
            description: description(task: task, app: app),
            instructions: instructions(task: task, namespace: app.namespace, actions: actions),
            actions: actions.docs,
            actionListing: actions.listing)
    }

    /// The task text: role, service details, what to do and the answer format.
    public static func description(task: TaskKind, app: AppDefinition) -> String {
        let role = "You are an expert DevOps engineer assigned to \(task.rolePhrase) in a deployed service."
        let details = "Service Details:\n\(app.serviceDetails)"
        return [role, details, goal(task), "Answer format:\n" + answerFormat(task)].joined(separator: "\n\n")
    }

    /// The format guide: one fenced API call per turn, a shell example, the submit signature and examples.
    public static func instructions(task: TaskKind, namespace: String, actions: ActionCatalog) -> String {
        let fence = "```"
        let signature = actions["submit"]?.signatureText ?? "submit()"
        let examples = submitExamples(task).map { "\(fence)\n\($0)\n\(fence)" }.joined(separator: "\nor\n")
        var lines: [String] = [
            "Reply with exactly one of the available APIs as your next action, in a markdown code block:",
            "\(fence)\n<API_NAME>(<API_PARAM1>, <API_PARAM2> ...)\n\(fence)",
            "For example:",
            "\(fence)\nexec_shell(\"kubectl get pods -n \(namespace)\")\n\(fence)",
            "When you are done, call \(signature), for example:",
            examples,
        ]
        if task == .mitigation {
            lines.append(
                "submit() takes no parameters. Any call counts as a valid submission, not necessarily a correct "
                    + "one: the live system is checked after it.")
        }
        lines.append("Each reply must hold exactly one API call and nothing else: no extra words, labels or prefixes.")
        return lines.joined(separator: "\n\n")
    }

    /// The original's submit examples for a task.
    public static func submitExamples(_ task: TaskKind) -> [String] {
        switch task {
        case .detection:
            return [#"submit("No")"#, #"submit("Yes")"#]
        case .localization:
            return [#"submit(["placeholderA", "placeholderB"])"#, "submit([])"]
        case .analysis:
            return [
                #"submit({"system_level": "your_system_level_analysis", "fault_type": "your_fault_type_analysis"})"#,
                "submit()",
            ]
        case .mitigation:
            return ["submit()"]
        }
    }

    private static func goal(_ task: TaskKind) -> String {
        switch task {
        case .detection:
            return "Start by examining the service's state and telemetry, then submit whether it is behaving "
                + "anomalously."
        case .localization:
            return "Start by examining the service's state and telemetry, then submit the service(s) where the "
                + "root cause of the problem lies."
        case .analysis:
            return "Start by examining the service's state and telemetry, then submit the system level and the "
                + "type of the root cause."
        case .mitigation:
            return "Start by examining the service's state and telemetry, then use the available APIs to "
                + "mitigate the anomalies, and submit when the service is healthy again."
        }
    }

    private static func answerFormat(_ task: TaskKind) -> String {
        switch task {
        case .detection:
            return "1. str: \"Yes\" if you detect an anomaly, \"No\" if you do not."
        case .localization:
            return "1. list[str]: the faulty components (service names), most likely first.\n"
                + "2. list[str]: an empty list if you find no faulty component."
        case .analysis:
            let levels = SystemLevel.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            let types = FaultType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            return "1. dict[str, str]: {\"system_level\": …, \"fault_type\": …} where\n"
                + "   - system_level is one of \(levels);\n"
                + "   - fault_type is one of \(types).\n"
                + "2. None (call submit() with no argument) if you find no root cause."
        case .mitigation:
            return "No answer payload: mitigate, then call submit(); the live system decides success."
        }
    }
}
