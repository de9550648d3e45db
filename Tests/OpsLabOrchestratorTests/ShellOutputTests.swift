import Testing

@testable import OpsLabOrchestrator

@Suite struct ShellOutputTests {
    @Test func successIsStdoutThenStderr() {
        #expect(ShellOutput.shape("a\nb\n", "warn\n", exitCode: 0) == "a\nb\nwarn")
        #expect(ShellOutput.shape("", "only err", exitCode: 0) == "only err")
    }

    @Test func emptySuccessIsTheNoOutputText() {
        #expect(ShellOutput.shape("", "", exitCode: 0) == ShellOutput.noOutputText)
        #expect(ShellOutput.shape("\n\n", "", exitCode: 0) == ShellOutput.noOutputText)
    }

    @Test func failureAppendsExitCode() {
        #expect(
            ShellOutput.shape("", "Error from server (NotFound)\n", exitCode: 1)
                == "Error from server (NotFound)\n[exit code 1]")
        #expect(ShellOutput.shape("", "", exitCode: 2) == "[exit code 2]")
        #expect(
            ShellOutput.shape("x", "", exitCode: 0, timedOutAfter: 30)
                == "x\n[timed out after 30 s: the whole command was stopped]")
    }

    @Test func identicalLinesCollapse() {
        let out = ShellOutput.shape("start\nerr\nerr\nerr\nend\n", "", exitCode: 0)
        #expect(out == "start\nerr\n… (repeated 3 times)\nend")
    }

    @Test func nonAdjacentRepeatsStay() {
        #expect(ShellOutput.shape("a\nb\na\nb", "", exitCode: 0) == "a\nb\na\nb")
    }

    @Test func linesDifferingOnlyInTimestampsCollapse() {
        let log = """
            2024-05-01T10:00:00.123Z ERR failed to connect to mongodb-geo:27017
            2024-05-01T10:00:01.456Z ERR failed to connect to mongodb-geo:27017
            2024-05-01T10:00:02.789Z ERR failed to connect to mongodb-geo:27017
            2024-05-01T10:00:03.000Z ERR failed to connect to mongodb-rate:27017
            """
        let out = ShellOutput.shape(log, "", exitCode: 0)
        #expect(
            out == """
                2024-05-01T10:00:00.123Z ERR failed to connect to mongodb-geo:27017
                … (repeated 3 times)
                2024-05-01T10:00:03.000Z ERR failed to connect to mongodb-rate:27017
                """)
    }

    @Test func otherTimestampFormatsAreMasked() {
        #expect(LogLineCollapser.mask("2024/05/01 10:00:00 msg") == LogLineCollapser.mask("2024/05/02 11:30:59 msg"))
        #expect(
            LogLineCollapser.mask("I0501 10:00:00.123456  1 geo.go:12] x")
                == LogLineCollapser.mask("I0502 11:00:00.999999  1 geo.go:12] x"))
        #expect(
            LogLineCollapser.mask("ts=2024-05-01T10:00:00+02:00 a")
                == LogLineCollapser.mask("ts=2024-06-01T10:00:00+03:00 a"))
        #expect(LogLineCollapser.mask("port 8080") != LogLineCollapser.mask("port 8081"))
        #expect(LogLineCollapser.mask("replicas 1") != LogLineCollapser.mask("replicas 2"))
        #expect(LogLineCollapser.mask("took 5ms") != LogLineCollapser.mask("took 6ms"))
    }

    @Test func eventAgesCollapse() {
        let events = """
            LAST SEEN   TYPE      REASON    OBJECT        MESSAGE
            5m          Warning   BackOff   pod/geo-1     Back-off restarting failed container
            3m12s       Warning   BackOff   pod/geo-1     Back-off restarting failed container
            10s         Warning   BackOff   pod/geo-1     Back-off restarting failed container
            2m (x4 over 10m)  Normal  Pulled  pod/geo-1  Container image pulled
            """
        let out = ShellOutput.shape(events, "", exitCode: 0).split(separator: "\n")
        #expect(out.count == 4)
        #expect(out[2] == "… (repeated 3 times)")
        #expect(LogLineCollapser.mask("1m (x4 over 10m) a") == LogLineCollapser.mask("30s (x12 over 2h) a"))
        #expect(LogLineCollapser.mask("5m  pod/a") != LogLineCollapser.mask("5m  pod/b"))
    }

    @Test func truncationBoundaries() {
        let exact = String(repeating: "x", count: 100)
        #expect(ShellOutput.shape(exact, "", exitCode: 0, limit: 100) == exact)
        let over = String(repeating: "x", count: 101)
        #expect(
            ShellOutput.shape(over, "", exitCode: 0, limit: 100)
                == exact + "\n[output truncated: showing the first 100 of 101 characters]")
    }

    @Test func truncationPrefersALineEndNearTheLimit() {
        let text = String(repeating: "a", count: 90) + "\n" + String(repeating: "b", count: 50)
        let out = ShellOutput.shape(text, "", exitCode: 1, limit: 100)
        #expect(
            out == String(repeating: "a", count: 90)
                + "\n[output truncated: showing the first 90 of 141 characters]\n[exit code 1]")
        let early = String(repeating: "a", count: 10) + "\n" + String(repeating: "b", count: 200)
        let hard = ShellOutput.shape(early, "", exitCode: 0, limit: 100)
        #expect(hard.hasSuffix("[output truncated: showing the first 100 of 211 characters]"))
    }

    @Test func truncationCountsCollapsedText() {
        let text = String(repeating: "same line\n", count: 1_000)
        let out = ShellOutput.shape(text, "", exitCode: 0, limit: 100)
        #expect(out == "same line\n… (repeated 1000 times)")
    }

    @Test func defaultLimitIsEightThousand() {
        let lines = (0..<2_000).map { "line \($0)" }.joined(separator: "\n")
        let out = ShellOutput.shape(lines, "", exitCode: 0)
        #expect(out.contains("[output truncated: showing the first"))
        #expect(out.split(separator: "\n").dropLast().joined(separator: "\n").count <= 8_000)
    }
}
