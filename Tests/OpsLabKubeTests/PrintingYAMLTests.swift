import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite("Printing: YAML and JSON")
struct PrintingYAMLTests {
    @Test func deploymentYAML() throws {
        let deployment = try JSONValue(
            parsing: """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"geo","namespace":"test-hotel",
                "creationTimestamp":"2026-01-02T15:04:05Z","generation":1,"resourceVersion":"1234",
                "labels":{"io.kompose.service":"geo"},"annotations":{}},
                "spec":{"replicas":1,"selector":{"matchLabels":{"io.kompose.service":"geo"}},
                "template":{"metadata":{"labels":{"io.kompose.service":"geo"}},"spec":{"containers":[
                {"name":"hotel-reserv-geo","image":"yinfangchen/hotelreservation:latest","command":["geo"],
                "ports":[{"containerPort":8083}],"resources":{"limits":{"cpu":"1"},"requests":{"cpu":"100m"}},
                "env":[{"name":"JAEGER_SAMPLE_RATIO","value":"1"},{"name":"DEBUG","value":"true"}]}],
                "restartPolicy":"Always"}}},"status":{"conditions":[],"replicas":1}}
                """)
        let expected = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              annotations: {}
              creationTimestamp: "2026-01-02T15:04:05Z"
              generation: 1
              labels:
                io.kompose.service: geo
              name: geo
              namespace: test-hotel
              resourceVersion: "1234"
            spec:
              replicas: 1
              selector:
                matchLabels:
                  io.kompose.service: geo
              template:
                metadata:
                  labels:
                    io.kompose.service: geo
                spec:
                  containers:
                  - command:
                    - geo
                    env:
                    - name: JAEGER_SAMPLE_RATIO
                      value: "1"
                    - name: DEBUG
                      value: "true"
                    image: yinfangchen/hotelreservation:latest
                    name: hotel-reserv-geo
                    ports:
                    - containerPort: 8083
                    resources:
                      limits:
                        cpu: "1"
                      requests:
                        cpu: 100m
                  restartPolicy: Always
            status:
              conditions: []
              replicas: 1

            """
        #expect(YAMLPrinter.render(deployment) == expected)
    }

    @Test(arguments: [
        ("plain", "plain"), ("", "\"\""), ("123", "\"123\""), ("1.5", "\"1.5\""), ("0x1F", "\"0x1F\""),
        ("true", "\"true\""), ("yes", "\"yes\""), ("No", "\"No\""), ("null", "\"null\""), ("~", "\"~\""),
        ("2026-01-02", "\"2026-01-02\""), ("1:20", "\"1:20\""), ("10.0.0.1", "10.0.0.1"), ("v1.32.1", "v1.32.1"),
        ("*star", "'*star'"), ("a: b", "'a: b'"), ("a #b", "'a #b'"), ("a#b", "a#b"), (" lead", "' lead'"),
        ("trail ", "'trail '"), ("- x", "'- x'"), ("-x", "-x"), ("it's", "it's"), ("'q'", "'''q'''"),
        ("{x}", "'{x}'"), ("http://x:80/p", "http://x:80/p"), ("tab\there", "\"tab\\there\""), ("@x", "'@x'"),
        ("key:", "'key:'"), ("100m", "100m"), ("1e3", "\"1e3\""), ("-", "'-'"), ("---", "'---'"),
    ])
    func scalarQuoting(text: String, expected: String) {
        #expect(YAMLPrinter.render(["k": .string(text)]) == "k: \(expected)\n")
    }

    @Test func multilineStringsUseLiteralBlocks() {
        #expect(YAMLPrinter.render(["script": "echo a\necho b\n"]) == "script: |\n  echo a\n  echo b\n")
        #expect(YAMLPrinter.render(["s": "a\nb"]) == "s: |-\n  a\n  b\n")
        #expect(YAMLPrinter.render(["s": "a\n\nb\n"]) == "s: |\n  a\n\n  b\n")
        #expect(YAMLPrinter.render(["s": "a\n\n"]) == "s: |+\n  a\n\n")
        #expect(YAMLPrinter.render(["s": "  indented\nx"]) == "s: |2-\n    indented\n  x\n")
        #expect(YAMLPrinter.render(["s": "trailing \nx"]) == "s: \"trailing \\nx\"\n")
        #expect(YAMLPrinter.render(["items": ["a\nb\n"]]) == "items:\n- |\n  a\n  b\n")
        #expect(YAMLPrinter.render(["a": ["b": "x\ny\n"], "c": 1]) == "a:\n  b: |\n    x\n    y\nc: 1\n")
    }

    @Test func scalarsAndContainers() {
        let value: JSONValue = [
            "n": nil, "b": false, "i": -3, "d": 0.5, "whole": 2.0, "e": [], "o": [:],
            "nested": [[1, 2], ["k": "v"], [:]],
        ]
        let expected = """
            b: false
            d: 0.5
            e: []
            i: -3
            "n": null
            nested:
            - - 1
              - 2
            - k: v
            - {}
            o: {}
            whole: 2

            """
        #expect(YAMLPrinter.render(value) == expected)
        #expect(YAMLPrinter.render(["a", "b"]) == "- a\n- b\n")
        // go-yaml v2 quotes keys that YAML 1.1 would read as booleans.
        #expect(YAMLPrinter.render(["on": "x", "": "y"]) == "\"\": \"y\"\n\"on\": x\n")
    }

    @Test func keyOrderIsGoYAMLNatural() {
        let value: JSONValue = ["a10": 1, "a9": 2, "B": 3, "a": 4, "a-b": 5, "ab": 6, "_x": 7]
        #expect(YAMLPrinter.render(value) == "_x: 7\nB: 3\na: 4\na-b: 5\na9: 2\na10: 1\nab: 6\n")
    }

    @Test func longStringsWrapAtColumn80() {
        let message =
            "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had "
            + "untolerated taint {node-role.kubernetes.io/control-plane: }."
        let expected = """
            message: '0/2 nodes are available: 1 node(s) didn''t match Pod''s node affinity/selector,
              1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.'

            """
        #expect(YAMLPrinter.render(["message": .string(message)]) == expected)
        let plain = String(repeating: "word ", count: 20) + "end"
        let wrapped = YAMLPrinter.render(["m": .string(plain)])
        #expect(wrapped.split(separator: "\n").count == 2)
        #expect(wrapped.replacingOccurrences(of: "\n  ", with: " ") == "m: \(plain)\n")
    }

    @Test func listWrapper() {
        let list = YAMLPrinter.list([["kind": "Pod", "metadata": ["name": "a"]]])
        #expect(
            YAMLPrinter.render(list) == """
                apiVersion: v1
                items:
                - kind: Pod
                  metadata:
                    name: a
                kind: List
                metadata:
                  resourceVersion: ""

                """)
    }

    @Test func jsonPrinter() {
        let value: JSONValue = [
            "b": ["x": 1, "y": [true, nil]], "a": "<a href=\"/p?x&y\">", "e": [:], "l": [],
            "d": 1.5, "big": 1e21, "tiny": 0.0000001,
        ]
        let expected = """
            {
                "a": "\\u003ca href=\\"/p?x\\u0026y\\"\\u003e",
                "b": {
                    "x": 1,
                    "y": [
                        true,
                        null
                    ]
                },
                "big": 1e+21,
                "d": 1.5,
                "e": {},
                "l": [],
                "tiny": 1e-7
            }

            """
        #expect(JSONPrinter.render(value) == expected)
        #expect(JSONPrinter.compact(["b": [1, "x"], "a": "s/t"]) == "{\"a\":\"s/t\",\"b\":[1,\"x\"]}")
    }
}
