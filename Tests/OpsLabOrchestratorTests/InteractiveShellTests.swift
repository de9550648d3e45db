import Foundation
import OpsLabCore
import Synchronization
import Testing

@testable import OpsLabOrchestrator

/// `opslab shell` as values: command parsing, completion, the line editor, key decoding, and the REPL driven by a
/// scripted input without a cluster.
@Suite("Interactive shell units")
struct InteractiveShellTests {
    static let ids = [
        "revoke_auth_mongodb-detection-1", "revoke_auth_mongodb-detection-2", "revoke_auth_mongodb-mitigation-1",
        "noop_detection_hotel_reservation-1",
    ]

    @Test func parsesCommandsAndActions() {
        #expect(InteractiveCommand.parse("  ") == .empty)
        #expect(
            InteractiveCommand.parse("start revoke_auth_mongodb-detection-1")
                == .start("revoke_auth_mongodb-detection-1"))
        #expect(
            InteractiveCommand.parse("problems --app hotel-reservation --task=mitigation")
                == .problems(app: "hotel-reservation", task: .mitigation))
        #expect(InteractiveCommand.parse("problems") == .problems(app: nil, task: nil))
        #expect(InteractiveCommand.parse("quit") == .exit)
        #expect(InteractiveCommand.parse("help") == .help)
        #expect(
            InteractiveCommand.parse(#"exec_shell("kubectl get pods")"#) == .action(#"exec_shell("kubectl get pods")"#))
        #expect(InteractiveCommand.parse("submit ( )") == .action("submit ( )"))
        #expect(InteractiveCommand.parse("```\nsubmit()\n```") == .action("```\nsubmit()\n```"))
    }

    @Test func rejectsMalformedCommandsWithAHint() {
        guard case .invalid(let start) = InteractiveCommand.parse("start") else { Issue.record("start"); return }
        #expect(start.contains("usage: start <problem-id>"))
        guard case .invalid(let task) = InteractiveCommand.parse("problems --task fixing") else {
            Issue.record("task")
            return
        }
        #expect(task.contains("mitigation"))
        guard case .invalid(let kubectl) = InteractiveCommand.parse("kubectl get pods -n x") else {
            Issue.record("kubectl")
            return
        }
        #expect(kubectl.contains(#"exec_shell("kubectl get pods -n x")"#))
        guard case .invalid(let other) = InteractiveCommand.parse("frobnicate") else { Issue.record("x"); return }
        #expect(other.contains("unknown command \"frobnicate\""))
        #expect(!InteractiveCommand.looksLikeCall("1abc()"))
        #expect(!InteractiveCommand.looksLikeCall("a b(c)"))
    }

    @Test func completesCommandsIdsOptionsAndActions() {
        let command = InteractiveCompletion.complete("st", problemIDs: Self.ids)
        #expect(command.candidates == ["start"])
        #expect(command.wordStart == 0)
        let id = InteractiveCompletion.complete("start revoke_auth_mongodb-det", problemIDs: Self.ids)
        #expect(id.wordStart == 6)
        #expect(id.candidates == ["revoke_auth_mongodb-detection-1", "revoke_auth_mongodb-detection-2"])
        #expect(id.commonPrefix == "revoke_auth_mongodb-detection-")
        #expect(InteractiveCompletion.complete("start noop x", problemIDs: Self.ids).candidates.isEmpty)
        #expect(InteractiveCompletion.complete("problems --task mi", problemIDs: []).candidates == ["mitigation"])
        #expect(
            InteractiveCompletion.complete("problems --app ho", problemIDs: [], appNames: ["hotel-reservation"])
                .candidates == ["hotel-reservation"])
        let action = InteractiveCompletion.complete("ex", problemIDs: Self.ids, actions: ["exec_shell", "submit"])
        #expect(action.candidates == ["exec_shell(", "exit"])
        let submit = InteractiveCompletion.complete("su", problemIDs: [], actions: ["exec_shell", "submit"])
        #expect(submit.candidates == ["submit("])
        #expect(!submit.appendsSpace)
        #expect(InteractiveCompletion.complete("st", problemIDs: Self.ids, actions: ["submit"]).candidates.isEmpty)
    }

    @Test func lineEditorEditsCompletesAndRecalls() {
        let completer: (String) -> InteractiveCompletion = { InteractiveCompletion.complete($0, problemIDs: Self.ids) }
        var editor = LineEditor()
        for key in LineEditorKey.decode(Array("st".utf8)).keys { _ = editor.handle(key, completer: completer) }
        #expect(editor.handle(.tab, completer: completer) == .editing)
        #expect(editor.line == "start ")
        for character in "revoke_auth_mongodb-d" { _ = editor.handle(.character(character), completer: completer) }
        _ = editor.handle(.tab, completer: completer)
        #expect(editor.line == "start revoke_auth_mongodb-detection-")
        #expect(
            editor.handle(.tab, completer: completer)
                == .candidates(["revoke_auth_mongodb-detection-1", "revoke_auth_mongodb-detection-2"]))
        _ = editor.handle(.character("2"), completer: completer)
        #expect(editor.handle(.enter, completer: completer) == .submitted("start revoke_auth_mongodb-detection-2"))
        #expect(editor.line.isEmpty)
        for character in "hlp" { _ = editor.handle(.character(character), completer: completer) }
        _ = editor.handle(.left, completer: completer)
        _ = editor.handle(.left, completer: completer)
        _ = editor.handle(.character("e"), completer: completer)
        #expect(editor.line == "help")
        #expect(editor.render(prompt: "> ") == "\r\u{1B}[K> help\u{1B}[2D")
        _ = editor.handle(.killToStart, completer: completer)
        #expect(editor.line == "lp")
        _ = editor.handle(.up, completer: completer)
        #expect(editor.line == "start revoke_auth_mongodb-detection-2")
        #expect(editor.handle(.interrupt, completer: completer) == .interrupted)
        #expect(editor.handle(.endOfInput, completer: completer) == .endOfInput)
    }

    @Test func decodesKeysAndKeepsUnfinishedSequences() {
        let decoded = LineEditorKey.decode([
            0x1B, 0x5B, 0x41, 0x61, 0x09, 0x7F, 0x03, 0x04, 0x1B, 0x5B, 0x33, 0x7E, 0x0D,
        ])
        #expect(decoded.keys == [.up, .character("a"), .tab, .backspace, .interrupt, .endOfInput, .delete, .enter])
        #expect(decoded.rest.isEmpty)
        let cut = LineEditorKey.decode([0x62, 0x1B, 0x5B])
        #expect(cut.keys == [.character("b")])
        #expect(cut.rest == [0x1B, 0x5B])
        let utf8 = Array("é".utf8)
        #expect(LineEditorKey.decode([utf8[0]]).rest == [utf8[0]])
        #expect(LineEditorKey.decode(utf8).keys == [.character("é")])
    }

    @Test func replWithoutAClusterListsRejectsAndExits() async {
        let input = ScriptedInput([
            "problems --task detection", "frobnicate", #"submit("Yes")"#, "start no_such_problem-detection-1",
            "help", "exit", "problems",
        ])
        let output = CollectedOutput()
        let configuration = OrchestratorConfiguration(resultsDirectory: "/nonexistent", executablePath: "/bin/false")
        let shell = InteractiveShell(
            input: input, output: output, configuration: configuration, maxSteps: 3, problemIDs: Self.ids)
        #expect(await shell.run() == .exit)
        let text = output.text
        #expect(text.contains("revoke_auth_mongodb-detection-1\nrevoke_auth_mongodb-detection-2\n"))
        #expect(!text.contains("revoke_auth_mongodb-mitigation-1"))
        #expect(text.contains("unknown command \"frobnicate\""))
        #expect(text.contains("no episode is running"))
        #expect(text.contains("error: ") && text.contains("no_such_problem-detection-1"))
        #expect(text.contains("start <problem-id>"))
        #expect(input.remaining == ["problems"], "the shell read past exit")
        #expect(!shell.interrupt())
    }

    @Test func humanAgentFencesBareActionsAndAnswersHelpWithoutAStep() async throws {
        let input = ScriptedInput(["", "help", "start x", #"exec_shell("kubectl get pods")"#, "```", "submit()", "```"])
        let output = CollectedOutput()
        let agent = HumanAgent(
            input: input, output: output, actionNames: ["exec_shell", "submit"], help: "HELP TEXT")
        let first = try await agent.getAction("the task")
        #expect(first == "```\nexec_shell(\"kubectl get pods\")\n```")
        #expect(output.text.contains("the task"))
        #expect(output.text.contains("HELP TEXT"))
        #expect(output.text.contains("an episode is running"))
        #expect(try await agent.getAction("observation") == "```\nsubmit()\n```")
        await #expect(throws: HumanAgentQuit.self) { try await agent.getAction("next") }
    }
}

/// Lines fed to the shell as if typed; the end of the list is the end of input.
final class ScriptedInput: InteractiveInput {
    private let lines: Mutex<[String]>

    init(_ lines: [String]) {
        self.lines = Mutex(lines)
    }

    var remaining: [String] { lines.withLock { $0 } }

    func readLine(
        prompt: String, completer: @escaping @Sendable (String) -> InteractiveCompletion
    ) async -> InteractiveInputEvent {
        lines.withLock { $0.isEmpty ? .end : .line($0.removeFirst()) }
    }
}

/// Everything the shell wrote.
final class CollectedOutput: InteractiveOutput {
    private let buffer = Mutex("")

    var text: String { buffer.withLock { $0 } }

    func write(_ text: String) { buffer.withLock { $0 += text } }
}
