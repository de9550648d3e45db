import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite struct KubectlArgumentsTests {
    let spec = Kubectl.specs["get"]!.merging(.global)

    @Test func flagsAnywhereInEveryForm() throws {
        let args = try ParsedArguments.parse(
            ["pods", "-nns1", "-oyaml", "--selector=app=geo", "-L", "tier"],
            spec: spec)
        #expect(args.positionals == ["pods"])
        #expect(args.value("namespace") == "ns1")
        #expect(args.value("output") == "yaml")
        #expect(args.value("selector") == "app=geo")
        #expect(args.all("label-columns") == ["tier"])
    }

    @Test func separateValuesAndBooleans() throws {
        let args = try ParsedArguments.parse(
            ["-n", "ns", "--namespace", "other", "-A", "--show-labels=false", "svc"],
            spec: spec)
        #expect(args.value("namespace") == "other")
        #expect(args.flag("all-namespaces"))
        #expect(args.has("show-labels") && !args.flag("show-labels"))
        #expect(args.positionals == ["svc"])
    }

    @Test func doubleDashSeparatesTrailingWords() throws {
        let args = try ParsedArguments.parse(["pods", "--", "-n", "x"], spec: spec)
        #expect(args.positionals == ["pods"])
        #expect(args.afterDash == ["-n", "x"])
        #expect(args.value("namespace") == nil)
    }

    @Test func unknownFlagsAndMissingValuesAreErrors() {
        #expect(throws: KubectlError.self) { try ParsedArguments.parse(["--bogus"], spec: spec) }
        #expect(throws: KubectlError.self) { try ParsedArguments.parse(["-n"], spec: spec) }
        #expect(throws: KubectlError.self) { try ParsedArguments.parse(["-Z"], spec: spec) }
    }

    @Test func verbIsFoundAfterGlobalFlags() {
        let split = ParsedArguments.splitVerb(["-n", "ns", "get", "pods"])
        #expect(split.verb == "get")
        #expect(split.rest == ["-n", "ns", "pods"])
        #expect(ParsedArguments.splitVerb(["--namespace=x", "logs", "p"]).verb == "logs")
    }

    @Test func outputFormats() throws {
        #expect(try OutputFormat("wide") == .table(wide: true))
        #expect(try OutputFormat("jsonpath='{.items[*].metadata.name}'") == .jsonPath("{.items[*].metadata.name}"))
        #expect(try OutputFormat("jsonpath={.a}") == .jsonPath("{.a}"))
        #expect(throws: KubectlError.self) { try OutputFormat("xml") }
    }

    @Test func fieldPathEvaluatesKeysIndexesAndEscapes() throws {
        let object: JSONValue = ["metadata": ["annotations": ["a.b/c": "v"]], "items": [["n": 2], ["n": 1]]]
        #expect(try FieldPath(".items[*].n").evaluate(object) == [2, 1])
        #expect(try FieldPath("{.items[1].n}").evaluate(object) == [1])
        #expect(try FieldPath(#".metadata.annotations.a\.b/c"#).evaluate(object) == ["v"])
        #expect(FieldPath.less(.int(2), .int(10)))
        #expect(FieldPath.less(nil, .string("a")))
    }

    @Test func goDurations() {
        #expect(KubectlFormat.parseDuration("5m") == 300)
        #expect(KubectlFormat.parseDuration("1h30m") == 5400)
        #expect(KubectlFormat.parseDuration("250ms") == 0.25)
        #expect(KubectlFormat.parseDuration("abc") == nil)
    }

    @Test func tabWriterAlignsBlocksLikeGo() {
        let text = "Name:\tgeo\nNamespace:\tdefault\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/x\n"
        let expected =
            "Name:       geo\nNamespace:  default\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/x\n"
        #expect(TabWriter.describe.format(text) == expected)
    }
}
