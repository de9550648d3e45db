import Testing

@testable import OpsLabCore

@Suite("ActionCatalog")
struct ActionCatalogTests {
    let detection = ActionCatalog.standard(for: .detection)

    func failure(_ catalog: ActionCatalog, _ text: String) -> ActionParseError? {
        #expect(throws: ActionParseError.self) { try catalog.parse(text) }
    }

    @Test("binds exec_shell with its default timeout, positional or by keyword")
    func execShell() throws {
        let bound = try detection.parse("```\nexec_shell(\"kubectl get pods -n x\")\n```")
        #expect(bound.name == "exec_shell")
        #expect(bound.string("command") == "kubectl get pods -n x")
        #expect(bound.int("timeout") == 30)
        let keyword = try detection.parse("```\nexec_shell(command='ls', timeout=5.0)\n```")
        #expect(keyword.int("timeout") == 5)
        #expect(keyword.arguments["timeout"] == .int(5))
    }

    @Test("unknown action lists the available ones")
    func unknownAction() {
        let error = failure(detection, "```\nget_dashboards(\"ns\", 5)\n```")
        #expect(error?.code == .unknownAction)
        #expect(
            error?.message == "Unknown action `get_dashboards`. Available actions: exec_shell, get_logs, get_metrics, "
                + "read_metrics, query_metrics, get_traces, read_traces, submit.")
        let bare = failure(
            ActionCatalog.standard(for: .detection, telemetry: false), "```\nget_metrics(\"ns\", 5)\n```")
        #expect(bare?.message == "Unknown action `get_metrics`. Available actions: exec_shell, get_logs, submit.")
        #expect(error?.example == #"exec_shell("kubectl get pods -n test-hotel-reservation")"#)
    }

    @Test("arity, keyword and type errors show the action's own example")
    func bindingErrors() {
        let arity = failure(detection, "```\nget_logs(\"a\", \"b\", \"c\")\n```")
        #expect(arity?.code == .wrongArity)
        #expect(arity?.message.contains("at most 2 (namespace, service), but 3 were given") == true)
        #expect(arity?.description.hasSuffix("```\nget_logs(\"test-hotel-reservation\", \"frontend\")\n```") == true)
        let missing = failure(detection, "```\nget_logs(\"a\")\n```")
        #expect(missing?.code == .missingArgument)
        #expect(missing?.message.contains("`service`") == true)
        let keyword = failure(detection, "```\nexec_shell(cmd=\"ls\")\n```")
        #expect(keyword?.code == .unknownKeyword)
        #expect(keyword?.message.contains("command, timeout") == true)
        let duplicate = failure(detection, "```\nexec_shell(\"ls\", command=\"ls\")\n```")
        #expect(duplicate?.code == .duplicateArgument)
        let type = failure(detection, "```\nexec_shell(\"ls\", timeout=\"30\")\n```")
        #expect(type?.code == .wrongType)
        #expect(type?.message.contains("must be int, got string \"30\"") == true)
        #expect(failure(detection, "```\nexec_shell(\"ls\", timeout=2.5)\n```")?.code == .wrongType)
        let noArgs = failure(ActionCatalog.standard(for: .mitigation), "```\nsubmit(\"done\")\n```")
        #expect(noArgs?.message.contains("takes no arguments") == true)
        #expect(noArgs?.example == "submit()")
    }

    @Test("a syntax error in a known action shows that action's example")
    func syntaxExample() {
        let error = failure(ActionCatalog.standard(for: .localization), "```\nsubmit([\"geo\"\n```")
        #expect(error?.code == .syntax)
        #expect(error?.example == #"submit(["service-a", "service-b"])"#)
    }

    @Test("exec_shell keeps the original's lenient outer-quote reading")
    func looseQuotes() throws {
        let bound = try detection.parse("```\nexec_shell(\"kubectl get pods -o jsonpath=\"{.items}\"\")\n```")
        #expect(bound.string("command") == "kubectl get pods -o jsonpath=\"{.items}\"")
        let keyword = try detection.parse("```\nexec_shell(command='echo 'hi'')\n```")
        #expect(keyword.string("command") == "echo 'hi'")
        #expect(failure(detection, "```\nexec_shell(kubectl get pods)\n```")?.code == .syntax)
    }

    @Test("submit binds per task and validates into a Submission")
    func submit() throws {
        let localization = ActionCatalog.standard(for: .localization)
        let bound = try localization.parse("```\nsubmit(faulty_components=\"geo\")\n```")
        #expect(bound.stringList("faulty_components") == ["geo"])
        #expect(try localization.submission(from: bound, task: .localization) == .localization(["geo"]))
        let analysis = ActionCatalog.standard(for: .analysis)
        let empty = try analysis.parse("```\nsubmit()\n```")
        #expect(empty.arguments["analysis"] == .null)
        #expect(try analysis.submission(from: empty, task: .analysis) == .analysis(nil))
        let none = try analysis.parse("```\nsubmit(None)\n```")
        #expect(try analysis.submission(from: none, task: .analysis) == .analysis(nil))
        let dict = try analysis.parse(
            "```\nsubmit({\"system_level\": \"Virtualization\", \"fault_type\": \"Operation Error\"})\n```")
        #expect(
            dict.stringDictionary("analysis") == ["system_level": "Virtualization", "fault_type": "Operation Error"])
        #expect(failure(analysis, "```\nsubmit({\"system_level\": 1})\n```")?.code == .wrongType)
        let mitigation = ActionCatalog.standard(for: .mitigation)
        #expect(
            try mitigation.submission(from: mitigation.parse("```\nsubmit()\n```"), task: .mitigation) == .mitigation)
        #expect(failure(detection, "```\nsubmit([\"Yes\"])\n```")?.code == .wrongType)
    }

    @Test("structured calls bind like parsed ones")
    func structuredBinding() throws {
        let action = try AgentAction(structuredName: "exec_shell", arguments: ["command": "kubectl get svc"])
        let bound = try detection.bind(action)
        #expect(bound.string("command") == "kubectl get svc")
        #expect(bound.int("timeout") == 30)
    }

    @Test("docs read like the original's action docs")
    func docs() {
        #expect(
            detection.names == [
                "exec_shell", "get_logs", "get_metrics", "read_metrics", "query_metrics", "get_traces", "read_traces",
                "submit",
            ])
        #expect(detection["get_metrics"]?.signatureText == "get_metrics(namespace: str, duration: int = 5) -> str")
        #expect(detection["read_traces"]?.signatureText == "read_traces(file_path: str) -> str")
        #expect(detection["exec_shell"]?.signatureText == "exec_shell(command: str, timeout: int = 30) -> str")
        #expect(detection["submit"]?.signatureText == "submit(has_anomaly: str) -> SubmissionStatus")
        #expect(
            ActionCatalog.standard(for: .analysis)["submit"]?.signatureText
                == "submit(analysis: dict[str, str] = None) -> SubmissionStatus")
        #expect(ActionCatalog.standard(for: .mitigation)["submit"]?.signatureText == "submit() -> SubmissionStatus")
        let doc = detection.docs["get_logs"] ?? ""
        #expect(doc.contains("Args:\n    namespace (str): "))
        #expect(doc.contains("Returns:\n    str: "))
        #expect(detection.listing.contains("get_logs(namespace: str, service: str) -> str\n    Collect the logs"))
        #expect(
            ActionCatalog.standard(for: .detection, namespace: "test-social-network")["exec_shell"]?.example
                == #"exec_shell("kubectl get pods -n test-social-network")"#)
        #expect(ActionCatalog.standard(for: .analysis).docs["submit"]?.contains("\"Authentication Issue\"") == true)
    }
}
