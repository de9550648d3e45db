import Testing

@testable import OpsLabCore

@Suite("ActionParser")
struct ActionParserTests {
    let parser = ActionParser()

    func parse(_ text: String) throws -> AgentAction { try parser.parse(text) }

    func failure(_ text: String, requireFence: Bool = true) -> ActionParseError? {
        #expect(throws: ActionParseError.self) { try ActionParser(requireFence: requireFence).parse(text) }
    }

    @Test("reads one call from a fenced block, with or without a language tag")
    func fences() throws {
        let plain = try parse("I will list pods.\n```\nexec_shell(\"kubectl get pods -n x\")\n```\nThanks")
        #expect(plain == AgentAction(name: "exec_shell", positional: ["kubectl get pods -n x"]))
        let tagged = try parse("```python\nget_logs(\"test-hotel-reservation\", \"geo\")\n```")
        #expect(tagged.name == "get_logs")
        #expect(tagged.positional == ["test-hotel-reservation", "geo"])
        #expect(try parse("```submit()```") == AgentAction(name: "submit"))
        #expect(try parse("```\nsubmit()") == AgentAction(name: "submit"))
    }

    @Test("submit payloads: list, dict, string, empty")
    func submitPayloads() throws {
        #expect(try parse("```\nsubmit([\"geo\", \"mongodb-geo\"])\n```").positional == [["geo", "mongodb-geo"]])
        let dict = try parse(
            "```\nsubmit({\"system_level\": \"Application\", \"fault_type\": \"Misconfiguration\"})\n```")
        #expect(dict.positional == [["system_level": "Application", "fault_type": "Misconfiguration"]])
        #expect(try parse("```\nsubmit(\"Yes\")\n```").positional == ["Yes"])
        #expect(try parse("```\nsubmit([])\n```").positional == [[]])
    }

    @Test("Python literals: quotes, escapes, numbers, constants, tuples, comments")
    func literals() throws {
        let action = try parse(
            """
            ```
            f('single', \"\"\"tri"ple
            line\"\"\", 'it\\'s', "tab\\there\\n", r"raw\\d", "a" 'b',  # a comment
              -3, 0x1F, 1_000, 2.5, -1e3, True, False, None, (1, 2), (7,), (), ("x"), {1: 'one'}, "\\u00e9\\x41",
              'grep "a\\|b"',)
            ```
            """)
        #expect(
            action.positional == [
                "single", "tri\"ple\nline", "it's", "tab\there\n", "raw\\d", "ab", -3, 31, 1000, 2.5, -1000.0, true,
                false, .null, [1, 2], [7], [], "x", ["1": "one"], "éA", "grep \"a\\|b\"",
            ])
        #expect(try parse("```\nf(true, false, null)\n```").positional == [true, false, .null])
    }

    @Test("keyword arguments")
    func keywords() throws {
        let action = try parse("```\nexec_shell(command=\"kubectl get svc\", timeout=30)\n```")
        #expect(action.positional.isEmpty)
        #expect(action.keyword == ["command": "kubectl get svc", "timeout": 30])
        let mixed = try parse("```\nget_logs(\"ns\", service = \"geo\")\n```")
        #expect(mixed.positional == ["ns"])
        #expect(mixed.keyword == ["service": "geo"])
    }

    @Test("no block, empty block")
    func noBlock() {
        let error = failure("I think the pods are fine.")
        #expect(error?.code == .noAction)
        #expect(
            error?.description == """
                No API call found. Respond with one code block containing one action, for example:
                ```
                exec_shell("kubectl get pods -n test-hotel-reservation")
                ```
                """)
        #expect(failure("```\n\n```")?.code == .noAction)
        #expect(failure("exec_shell(\"ls\")")?.code == .noAction)
    }

    @Test("a bare call is accepted when fences are optional")
    func bareCall() throws {
        let action = try ActionParser(requireFence: false).parse("  exec_shell(\"kubectl get pods\")\n")
        #expect(action == AgentAction(name: "exec_shell", positional: ["kubectl get pods"]))
        #expect(failure("", requireFence: false)?.code == .noAction)
    }

    @Test("several blocks or several calls are rejected")
    func several() {
        let blocks = failure("```\nexec_shell(\"ls\")\n```\nthen\n```\nsubmit()\n```")
        #expect(blocks?.code == .multipleBlocks)
        #expect(blocks?.message.contains("2 code blocks") == true)
        #expect(failure("```\nexec_shell(\"ls\")\nsubmit()\n```")?.code == .multipleCalls)
        #expect(failure("```\nexec_shell(\"ls\"); submit()\n```")?.code == .multipleCalls)
        #expect(failure("```\nexec_shell(\"ls\") please\n```")?.code == .syntax)
    }

    @Test("syntax errors say what and where")
    func syntaxErrors() {
        let open = failure("```\nexec_shell(\"kubectl get pods)\n```")
        #expect(open?.code == .syntax)
        #expect(open?.message == "Unterminated string starting at line 1, column 12; close it with `\"`.")
        #expect(failure("```\nf('''never closed)\n```")?.message.contains("Unterminated string") == true)
        #expect(failure("```\nexec_shell(\"ls\"\n```")?.message.contains("Missing `)`") == true)
        #expect(failure("```\nsubmit([\"a\", \"b\"\n```")?.message.contains("Missing `]`") == true)
        #expect(failure("```\nsubmit(geo)\n```")?.message.contains("quote strings, e.g. \"geo\"") == true)
        #expect(failure("```\nexec_shell\n```")?.message.contains("Expected `(` after `exec_shell`") == true)
        #expect(failure("```\nAction: exec_shell(\"ls\")\n```")?.code == .syntax)
        #expect(failure("```\nf(a=1, 2)\n```")?.message.contains("positional argument follows") == true)
        #expect(failure("```\nf(a=1, a=2)\n```")?.code == .duplicateArgument)
        #expect(failure("```\nf({\"a\" 1})\n```")?.message.contains("Expected `:`") == true)
        #expect(failure("```\nf(99999999999999999999)\n```")?.message.contains("too large") == true)
        #expect(failure("```\nf(f\"x{y}\")\n```")?.message.contains("not supported") == true)
        #expect(failure("```\nf({[1]: 2})\n```")?.message.contains("keys must be strings") == true)
    }

    @Test("structured calls take JSON arguments as object, array, null or JSON text")
    func structured() throws {
        #expect(
            try AgentAction(structuredName: "exec_shell", arguments: ["command": "ls"]).keyword == ["command": "ls"])
        #expect(try AgentAction(structuredName: "submit", arguments: [["geo"]]).positional == [["geo"]])
        #expect(try AgentAction(structuredName: "submit", arguments: .null) == AgentAction(name: "submit"))
        let text = try AgentAction(
            structuredName: "get_logs", arguments: "{\"namespace\": \"ns\", \"service\": \"geo\"}")
        #expect(text.keyword == ["namespace": "ns", "service": "geo"])
        #expect(throws: ActionParseError.self) { try AgentAction(structuredName: "submit", arguments: 5) }
        #expect(throws: ActionParseError.self) { try AgentAction(structuredName: "submit", arguments: "{oops") }
        #expect(throws: ActionParseError.self) { try AgentAction(structuredName: " ", arguments: .null) }
    }
}
