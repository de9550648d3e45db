import Testing

@testable import OpsLabTelemetry

@Suite struct PromQLParserTests {
    @Test func parsesSelectorsWithMatchersAndOffset() throws {
        let expression = try PromQLParser.parse(
            #"http_requests_total{job="api", code=~"5..", path!="/", x!~"y"} offset 5m"#)
        guard case .vectorSelector(let selector) = expression else {
            Issue.record("not a selector: \(expression)")
            return
        }
        #expect(selector.name == "http_requests_total")
        #expect(selector.matchers.count == 5)
        #expect(selector.matchers[2].type == .regexMatch)
        #expect(selector.offsetMs == 300_000)
    }

    @Test func parsesRangesAndDurations() throws {
        guard case .matrixSelector(_, let range) = try PromQLParser.parse("x[1h30m]") else {
            Issue.record("not a range")
            return
        }
        #expect(range == 5_400_000)
        #expect(PromQLDuration.parse("30s") == 30_000)
        #expect(PromQLDuration.parse("100ms") == 100)
        #expect(PromQLDuration.parse("1m1h") == nil)
        #expect(PromQLDuration.format(milliseconds: 90_000) == "1m30s")
    }

    @Test func precedenceFollowsPrometheus() throws {
        // 1 + 2 * 3 ^ 2 ^ 1 == 19 ; - binds looser than ^
        let engine = PromQLEngine(store: TimeSeriesStore())
        #expect(try engine.instantQuery("1 + 2 * 3 ^ 2 ^ 1", atMs: 0).scalarValue == 19)
        #expect(try engine.instantQuery("-2 ^ 2", atMs: 0).scalarValue == -4)
        #expect(try engine.instantQuery("2 ^ -1", atMs: 0).scalarValue == 0.5)
        #expect(try engine.instantQuery("(1 + 2) * 3", atMs: 0).scalarValue == 9)
        #expect(try engine.instantQuery("10 - 2 - 3", atMs: 0).scalarValue == 5)
        #expect(try engine.instantQuery("7 % 4", atMs: 0).scalarValue == 3)
        #expect(try engine.instantQuery("1 < bool 2", atMs: 0).scalarValue == 1)
        #expect(try engine.instantQuery("0x10 + 1e1", atMs: 0).scalarValue == 26)
    }

    @Test func aggregationClauseBeforeOrAfter() throws {
        let before = try PromQLParser.parse("sum by (job) (x)")
        let after = try PromQLParser.parse("sum(x) by (job)")
        guard case .aggregate(let op1, _, _, let g1, let w1) = before,
            case .aggregate(let op2, _, _, let g2, let w2) = after
        else {
            Issue.record("not aggregations")
            return
        }
        #expect(op1 == "sum" && op2 == "sum")
        #expect(g1 == ["job"] && g2 == ["job"])
        #expect(!w1 && !w2)
        guard case .aggregate(_, _, let parameter, _, let without) = try PromQLParser.parse("topk without (a) (3, x)")
        else {
            Issue.record("not topk")
            return
        }
        #expect(parameter == .number(3))
        #expect(without)
    }

    @Test func parsesStringsAndVectorMatching() throws {
        guard
            case .binary(let op, _, _, let matching, let returnBool) = try PromQLParser.parse(
                "a / on(job, instance) group_left(version) b")
        else {
            Issue.record("not binary")
            return
        }
        #expect(op == "/")
        #expect(matching.on && matching.labels == ["job", "instance"])
        #expect(matching.cardinality == .manyToOne && matching.include == ["version"])
        #expect(!returnBool)
        #expect(try PromQLParser.parse(#""a\nb""#) == .string("a\nb"))
        #expect(try PromQLParser.parse("`raw\\n`") == .string("raw\\n"))
    }

    @Test(arguments: [
        ("sum(", "1:5: parse error: unexpected end of input"),
        ("1 +", "1:4: parse error: unexpected end of input"),
        ("foo{bar=}", "1:9: parse error: unexpected \"}\" in label matching, expected string"),
        ("rate(foo)", "1:1: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        ("nosuch(foo)", "1:1: parse error: unknown function with name \"nosuch\""),
        ("{job=\"\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("1 > 2", "1:3: parse error: comparisons between scalars must use BOOL modifier"),
        ("foo[5m] + 1", "1:9: parse error: binary expression must contain only scalar and instant vector types"),
        ("foo )", "1:5: parse error: unexpected \")\""),
        ("foo{a=~\"(\"}", "1:8: parse error: invalid regular expression"),
        ("1 and 2", "1:3: parse error: set operator \"and\" not allowed in binary scalar expression"),
        ("", "1:1: parse error: no expression found in input"),
        ("foo[5x]", "1:5: parse error: bad number or duration syntax: \"5x\""),
        ("foo\n + ", "2:4: parse error: unexpected end of input"),
    ])
    func errorsArePrometheusWorded(query: String, message: String) {
        do {
            _ = try PromQLParser.parse(query)
            Issue.record("expected an error for \(query)")
        } catch {
            #expect(error.kind == .badData)
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}
