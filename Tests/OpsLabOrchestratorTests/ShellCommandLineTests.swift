import Testing

@testable import OpsLabOrchestrator

@Suite struct ShellCommandLineTests {
    private func parse(_ line: String) throws -> ShellCommandLine {
        try ShellCommandLine.parse(line)
    }

    private func error(_ line: String) -> String? {
        do {
            _ = try ShellCommandLine.parse(line)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func splitsWordsAndQuotes() throws {
        let line = try parse(#"kubectl get pods -o jsonpath='{.items[*].metadata.name}' "a b"\ c 'x'"y" "#)
        #expect(line.commands.count == 1)
        #expect(
            line.commands[0].words == [
                "kubectl", "get", "pods", "-o", "jsonpath={.items[*].metadata.name}", "a b c",
                "xy",
            ])
    }

    @Test func escapesInsideDoubleQuotesFollowPosix() throws {
        let line = try parse(#"echo "a\"b\\c\d" '\n' "" ''"#)
        #expect(line.commands[0].words == ["echo", #"a"b\c\d"#, #"\n"#, "", ""])
    }

    @Test func pipelinesAndLists() throws {
        let line = try parse("kubectl get pods | grep api | wc -l && echo ok || echo no; true\nls")
        #expect(line.steps.count == 5)
        #expect(line.steps.map(\.connector) == [nil, .and, .or, .sequence, .sequence])
        #expect(line.steps[0].pipeline.commands.map(\.name) == ["kubectl", "grep", "wc"])
        #expect(line.steps[4].pipeline.commands[0].words == ["ls"])
    }

    @Test func operatorsNeedNoSpaces() throws {
        let line = try parse("echo a|grep a&&echo b;echo c")
        #expect(line.commands.map(\.words) == [["echo", "a"], ["grep", "a"], ["echo", "b"], ["echo", "c"]])
    }

    @Test func quotedOperatorsAreWords() throws {
        let line = try parse(#"grep "a|b" 'c && d' e\;f"#)
        #expect(line.commands.count == 1)
        #expect(line.commands[0].arguments == ["a|b", "c && d", "e;f"])
    }

    @Test func redirections() throws {
        let line = try parse("kubectl get pods > out.txt 2>&1; cat < in.txt >> log 2>err.txt")
        #expect(
            line.commands[0].redirections == [
                ShellRedirection(descriptor: 1, kind: .write, target: "out.txt"),
                ShellRedirection(descriptor: 2, kind: .duplicate, target: "1"),
            ])
        #expect(line.commands[1].words == ["cat"])
        #expect(
            line.commands[1].redirections == [
                ShellRedirection(descriptor: 0, kind: .read, target: "in.txt"),
                ShellRedirection(descriptor: 1, kind: .append, target: "log"),
                ShellRedirection(descriptor: 2, kind: .write, target: "err.txt"),
            ])
    }

    @Test func quotedDigitsBeforeRedirectAreAWord() throws {
        let line = try parse(#"echo "2">x"#)
        #expect(line.commands[0].words == ["echo", "2"])
        #expect(line.commands[0].redirections == [ShellRedirection(descriptor: 1, kind: .write, target: "x")])
    }

    @Test func commentsAndTrailingSemicolon() throws {
        let line = try parse("echo a # rm -rf /\n;")
        #expect(line.commands.map(\.words) == [["echo", "a"]])
        #expect(try parse("echo a#b").commands[0].words == ["echo", "a#b"])
    }

    @Test func dollarLiteralsStayAndExpansionsAreRefused() throws {
        #expect(try parse("awk '{print $1}'").commands[0].words == ["awk", "{print $1}"])
        #expect(try parse("echo 5$ $").commands[0].words == ["echo", "5$", "$"])
        #expect(error("echo $HOME")?.contains("Variable expansion") == true)
        #expect(error(#"echo "${x}""#)?.contains("Variable expansion") == true)
        #expect(error("echo $?")?.contains("Variable expansion") == true)
        #expect(error("echo $(id)")?.contains("Command substitution") == true)
        #expect(error(#"echo "$(id)""#)?.contains("Command substitution") == true)
        #expect(error("echo `id`")?.contains("Command substitution") == true)
        #expect(try parse(#"echo \$HOME"#).commands[0].words == ["echo", "$HOME"])
    }

    @Test func malformedLinesAreErrors() {
        #expect(error("") != nil)
        #expect(error("   ") != nil)
        #expect(error("| grep a") != nil)
        #expect(error("kubectl get pods |") != nil)
        #expect(error("a | | b") != nil)
        #expect(error("a &&") != nil)
        #expect(error("&& a") != nil)
        #expect(error("echo 'open") != nil)
        #expect(error(#"echo "open"#) != nil)
        #expect(error("echo a >") != nil)
        #expect(error("> file") != nil)
        #expect(error("echo \\") != nil)
    }

    @Test func unsupportedShellFeaturesAreRefused() {
        #expect(error("sleep 100 &")?.contains("Background") == true)
        #expect(error("(cd /; ls)")?.contains("Subshells") == true)
        #expect(error("cat <<EOF")?.contains("Here-documents") == true)
        #expect(error("ls &> x")?.contains("2>&1") == true)
        #expect(error("ls |& grep a") != nil)
        #expect(error("ls >&file") != nil)
        #expect(error("cat ~/.ssh/id_rsa")?.contains("home directory") == true)
    }
}
