import Foundation

extension ActionSignature {
    /// `exec_shell(command: str, timeout: int = 30) -> str`.
    public static func execShell(namespace: String = "test-hotel-reservation") -> ActionSignature {
        ActionSignature(
            name: "exec_shell",
            parameters: [
                ActionParameter("command", .string, summary: "The shell command to run, as one string."),
                ActionParameter("timeout", .integer, default: 30, summary: "Seconds before the command is stopped."),
            ],
            summary: """
                Run a shell command and return its output. `kubectl` is set up for the cluster under test; \
                read-only text tools (grep, awk, sed, head, tail, sort, uniq, wc, cut, tr, jq, echo) can be \
                piped after it. Interactive or endless commands (kubectl edit, port-forward, logs -f, get -w) \
                are refused; use kubectl patch to change objects.
                """,
            returns: "The command's standard output and error, truncated with a notice when very long.",
            example: "exec_shell(\"kubectl get pods -n \(namespace)\")")
    }

    /// `get_logs(namespace: str, service: str) -> str`.
    public static func getLogs(namespace: String = "test-hotel-reservation") -> ActionSignature {
        ActionSignature(
            name: "get_logs",
            parameters: [
                ActionParameter("namespace", .string, summary: "The namespace the service runs in."),
                ActionParameter("service", .string, summary: "The name of the service whose pod logs to read."),
            ],
            summary: "Collect the logs of a service's pod.",
            returns: "The log text, with repeated lines collapsed.",
            example: "get_logs(\"\(namespace)\", \"frontend\")")
    }

    /// The task's `submit` action with the original's signature for that task.
    public static func submit(for task: TaskKind) -> ActionSignature {
        let example = Submission.example(for: task)
        let returns = "A confirmation; the submission ends the episode and is evaluated."
        switch task {
        case .detection:
            return ActionSignature(
                name: "submit",
                parameters: [
                    ActionParameter("has_anomaly", .string, summary: "\"Yes\" if there is an anomaly, else \"No\".")
                ],
                returnType: "SubmissionStatus", summary: "Submit whether the system has an anomaly.",
                returns: returns, example: example)
        case .localization:
            return ActionSignature(
                name: "submit",
                parameters: [
                    ActionParameter(
                        "faulty_components", .stringList,
                        summary: "The faulty components (service names), most likely first; [] if there is no fault.")
                ],
                returnType: "SubmissionStatus", summary: "Submit the components where the root cause lies.",
                returns: returns, example: example)
        case .analysis:
            let levels = SystemLevel.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            let types = FaultType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            return ActionSignature(
                name: "submit",
                parameters: [
                    ActionParameter(
                        "analysis", .stringDictionary, default: .null,
                        summary: "{\"system_level\": one of \(levels), \"fault_type\": one of \(types)}; "
                            + "omit it (submit()) if there is no fault.")
                ],
                returnType: "SubmissionStatus", summary: "Submit the root cause: its system level and fault type.",
                returns: returns, example: example)
        case .mitigation:
            return ActionSignature(
                name: "submit", parameters: [], returnType: "SubmissionStatus",
                summary: """
                    Submit once you believe the anomaly is mitigated. It takes no parameters; any call is a \
                    valid submission, not necessarily a correct one: the live system is then checked.
                    """,
                returns: returns, example: example)
        }
    }
}

extension ActionCatalog {
    /// The actions of a task: `exec_shell`, `get_logs`, the telemetry actions (unless `telemetry` is false:
    /// a cluster without the observability stack) and the task's `submit`, with examples for `namespace`.
    public static func standard(
        for task: TaskKind, namespace: String = "test-hotel-reservation", telemetry: Bool = true
    ) -> ActionCatalog {
        let reading = telemetry ? ActionSignature.telemetry(namespace: namespace) : []
        return ActionCatalog(
            [.execShell(namespace: namespace), .getLogs(namespace: namespace)] + reading + [.submit(for: task)])
    }

    /// Validates a bound `submit` action into the task's `Submission`.
    public func submission(from action: BoundAction, task: TaskKind) throws(ActionParseError) -> Submission {
        guard let parameter = self["submit"]?.parameters.first else { return try Submission(task: task, answer: .null) }
        return try Submission(task: task, answer: action.arguments[parameter.name] ?? .null)
    }
}
