import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite("Printing: jsonpath")
struct PrintingJSONPathTests {
    let list: JSONValue = [
        "kind": "List",
        "items": [
            [
                "metadata": ["name": "geo", "labels": ["app.kubernetes.io/name": "geo"]],
                "spec": ["replicas": 2, "containers": [["name": "a", "image": "i1"], ["name": "b", "image": "i2"]]],
                "status": [
                    "conditions": [["type": "Ready", "status": "True"], ["type": "Scheduled", "status": "True"]],
                    "restarts": 3, "ratio": 0.5,
                ],
            ],
            [
                "metadata": ["name": "rate"],
                "spec": ["replicas": 0, "containers": [["name": "c", "image": "i3"]]],
                "status": ["conditions": [["type": "Ready", "status": "False"]], "restarts": 0, "ratio": 1.5],
            ],
        ],
    ]

    func run(_ template: String, _ value: JSONValue? = nil) throws -> String {
        try JSONPathTemplate(template).execute(on: value ?? list)
    }

    @Test func fieldsAndWildcards() throws {
        #expect(try run("{.kind}") == "List")
        #expect(try run("{.items[*].metadata.name}") == "geo rate")
        #expect(try run("{.items[0].spec.replicas}") == "2")
        #expect(try run("{.items[-1].metadata.name}") == "rate")
        #expect(try run("{.items[0].spec.containers[0:2].name}") == "a b")
        #expect(try run("{.items[0].spec.containers[1:].image}") == "i2")
        #expect(try run("{.items[*].status.ratio}") == "0.5 1.5")
        #expect(try run("{.items[0].metadata.labels}") == "{\"app.kubernetes.io/name\":\"geo\"}")
        #expect(try run("{.items[1].spec.containers}") == "[{\"image\":\"i3\",\"name\":\"c\"}]")
        #expect(try run("{.items[0].metadata.labels['app.kubernetes.io/name']}") == "geo")
        #expect(try run("{.items[0].metadata.labels.app\\.kubernetes\\.io/name}") == "geo")
        #expect(try run("{.items[0].metadata.*}") == "{\"app.kubernetes.io/name\":\"geo\"} geo")
        #expect(try run("{$.items[1].metadata.name}") == "rate")
        #expect(try run("{.items[0,1].metadata.name}") == "geo rate")
    }

    @Test func recursiveDescent() throws {
        #expect(try run("{..image}") == "i1 i2 i3")
        #expect(try run("{.items[1]..name}") == "rate c")
    }

    @Test func filters() throws {
        #expect(try run("{.items[0].status.conditions[?(@.type==\"Ready\")].status}") == "True")
        #expect(try run("{.items[*].status.conditions[?(@.type=='Ready')].status}") == "True False")
        #expect(try run("{.items[?(@.spec.replicas>0)].metadata.name}") == "geo")
        #expect(try run("{.items[?(@.spec.replicas<=0)].metadata.name}") == "rate")
        #expect(try run("{.items[?(@.status.ratio>=1)].metadata.name}") == "rate")
        #expect(try run("{.items[?(@.metadata.name!=\"geo\")].metadata.name}") == "rate")
        #expect(try run("{.items[?(@.metadata.labels)].metadata.name}") == "geo")
        #expect(try run("{.items[?(@.spec.replicas < 1)].metadata.name}") == "rate")
    }

    @Test func rangeAndLiterals() throws {
        let template = "{range .items[*]}{.metadata.name}{\"\\t\"}{.spec.replicas}{\"\\n\"}{end}"
        #expect(try run(template) == "geo\t2\nrate\t0\n")
        let nested = "{range .items[*]}[{.metadata.name}:{range .spec.containers[*]} {.name}{end}]{end}"
        #expect(try run(nested) == "[geo: a b][rate: c]")
        #expect(try run("name={.items[0].metadata.name}!") == "name=geo!")
        #expect(try run("{range .items[?(@.spec.replicas>5)]}x{end}done") == "done")
    }

    @Test func relaxedTemplates() throws {
        #expect(try run(".kind") == "List")
        #expect(try run("kind") == "List")
        #expect(try JSONPathTemplate.relaxed("{.a.b}") == "{.a.b}")
        #expect(try JSONPathTemplate.relaxed("a.b") == "{.a.b}")
    }

    @Test func missingKeyError() throws {
        let error = try #require(throws: JSONPathError.self) { try run("{.metadata.nope}") }
        #expect(error.code == .execute)
        #expect(error.message == "metadata is not found")
        #expect(
            error.description.hasPrefix(
                "error executing jsonpath \"{.metadata.nope}\": Error executing template: metadata is not found."))
        let lenient = try JSONPathTemplate("{.metadata.nope}x", allowMissingKeys: true)
        #expect(try lenient.execute(on: list) == "x")
        #expect(try run("{.items[?(@.x==1)].metadata.name}") == "")
    }

    @Test func parseAndIndexErrors() throws {
        let unclosed = try #require(throws: JSONPathError.self) { try JSONPathTemplate("{.a") }
        #expect(unclosed.code == .parse)
        #expect(unclosed.description == "error parsing jsonpath {.a, unclosed action")
        let array = try #require(throws: JSONPathError.self) { try JSONPathTemplate("{.a[0}") }
        #expect(array.message == "unterminated array")
        #expect(throws: JSONPathError.self) { try JSONPathTemplate("{end}") }
        let bounds = try #require(throws: JSONPathError.self) { try run("{.items[5].kind}") }
        #expect(bounds.message == "array index out of bounds: index 5, length 2")
        #expect(throws: JSONPathError.self) { try run("{.kind[0]}") }
    }

    @Test func resultsForColumns() throws {
        let groups = try JSONPathTemplate("{.items[*].spec.replicas}").results(on: list)
        #expect(groups == [[2, 0]])
    }
}
