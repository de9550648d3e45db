import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite struct SelectorTests {
    // MARK: label selectors

    @Test func emptySelectorMatchesEverything() throws {
        let selector = try LabelSelector(parsing: "   ")
        #expect(selector.isEmpty)
        #expect(selector.matches([:]))
        #expect(selector.matches(["a": "b"]))
        #expect(selector.description == "")
    }

    @Test func equalityOperators() throws {
        let selector = try LabelSelector(parsing: "app=geo, tier==backend,env!=prod")
        #expect(selector.requirements.count == 3)
        #expect(selector.matches(["app": "geo", "tier": "backend"]))
        #expect(selector.matches(["app": "geo", "tier": "backend", "env": "dev"]))
        #expect(!selector.matches(["app": "geo", "tier": "backend", "env": "prod"]))
        #expect(!selector.matches(["app": "geo"]))
        #expect(!selector.matches(["app": "rate", "tier": "backend"]))
        #expect(selector.description == "app=geo,env!=prod,tier==backend")
    }

    @Test func setOperatorsAndExistence() throws {
        let selector = try LabelSelector(parsing: "env in (prod, staging),tier notin (db),app,!canary")
        #expect(selector.matches(["env": "prod", "app": "x"]))
        #expect(selector.matches(["env": "staging", "app": "x", "tier": "web"]))
        #expect(!selector.matches(["env": "dev", "app": "x"]))
        #expect(!selector.matches(["env": "prod", "app": "x", "tier": "db"]))
        #expect(!selector.matches(["env": "prod"]))
        #expect(!selector.matches(["env": "prod", "app": "x", "canary": "true"]))
        #expect(selector.description == "app,!canary,env in (prod,staging),tier notin (db)")
    }

    @Test func descriptionRoundTrips() throws {
        let text = "a in (x,y),b!=c,!d,e"
        let selector = try LabelSelector(parsing: text)
        #expect(try LabelSelector(parsing: selector.description) == selector)
        #expect(selector.description == text)
    }

    @Test func keywordsAreValuesAfterOperator() throws {
        let selector = try LabelSelector(parsing: "a=in,b in (notin)")
        #expect(selector.matches(["a": "in", "b": "notin"]))
    }

    @Test func emptyValues() throws {
        let selector = try LabelSelector(parsing: "a=,b in ()")
        #expect(selector.matches(["a": "", "b": ""]))
        #expect(!selector.matches(["a": "x", "b": ""]))
    }

    @Test func prefixedKeysAndIntegerComparison() throws {
        let selector = try LabelSelector(parsing: "app.kubernetes.io/name=geo,rank>2,size<10")
        #expect(selector.matches(["app.kubernetes.io/name": "geo", "rank": "3", "size": "9"]))
        #expect(!selector.matches(["app.kubernetes.io/name": "geo", "rank": "2", "size": "9"]))
        #expect(!selector.matches(["app.kubernetes.io/name": "geo", "rank": "x", "size": "9"]))
    }

    @Test(arguments: [
        ("a in", "unable to parse requirement: found '' expected: '('"),
        ("a in (x", "unable to parse requirement: found '', expected: ',' or ')'"),
        ("a in (x,=)", "unable to parse requirement: found '=', expected: ',', or identifier"),
        ("a in (x y)", "unable to parse requirement: found 'y', expected: ',' or ')'"),
        ("a b", "unable to parse requirement: invalid operator 'b', expected: in, notin, =, ==, !=, gt, lt"),
        ("a=b c", "found 'c', expected: ',' or 'end of string'"),
        ("a,", "found '', expected: identifier after ','"),
        ("=a", "found '=', expected: !, identifier, or 'end of string'"),
        (
            "a>x",
            "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must "
                + "be an integer"
        ),
    ])
    func parseErrors(text: String, message: String) {
        #expect(throws: SelectorError(message)) { try LabelSelector(parsing: text) }
    }

    @Test func invalidKeyAndValueAreRejected() {
        #expect(throws: SelectorError.self) { try LabelSelector(parsing: "a@b=c") }
        #expect(throws: SelectorError.self) { try LabelSelector(parsing: "a=b@c") }
        do {
            _ = try LabelSelector(parsing: "-a=b")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("unable to parse requirement: key: Invalid value: \"-a\": name part"))
            #expect(error.status.code == 400)
        }
    }

    @Test func fromSpec() {
        var spec = LabelSelectorSpec(matchLabels: ["app": "geo"])
        spec.matchExpressions = [
            .init(key: "tier", operator: "In", values: ["web", "api"]),
            .init(key: "canary", operator: "DoesNotExist", values: nil),
        ]
        let selector = LabelSelector(spec)
        #expect(selector.description == "app=geo,!canary,tier in (api,web)")
        #expect(selector.matches(["app": "geo", "tier": "web"]))
        #expect(!selector.matches(["app": "geo", "tier": "web", "canary": "1"]))
        #expect(!selector.matches(["app": "geo"]))
    }

    @Test func invalidSpecMatchesNothing() {
        var spec = LabelSelectorSpec()
        spec.matchExpressions = [.init(key: "a", operator: "Bogus", values: nil)]
        let selector = LabelSelector(spec)
        #expect(!selector.matches(["a": "b"]))
        #expect(!selector.isEmpty)
        #expect(throws: SelectorError.self) { try LabelSelector(validating: spec) }
        #expect(LabelSelector(LabelSelectorSpec()).matches(["x": "y"]))
    }

    // MARK: field selectors

    static let pod: JSONValue = [
        "metadata": ["name": "geo-1", "namespace": "hotel"],
        "spec": ["nodeName": "kind-worker", "hostNetwork": false],
        "status": ["phase": "Running"],
    ]

    @Test func fieldEquality() throws {
        #expect(try FieldSelector(parsing: "metadata.name=geo-1").matches(Self.pod))
        #expect(try FieldSelector(parsing: "metadata.name==geo-1,status.phase=Running").matches(Self.pod))
        #expect(try !FieldSelector(parsing: "metadata.name=geo-2").matches(Self.pod))
        #expect(try FieldSelector(parsing: "status.phase!=Pending").matches(Self.pod))
        #expect(try !FieldSelector(parsing: "status.phase!=Running").matches(Self.pod))
        #expect(try FieldSelector(parsing: "spec.hostNetwork=false").matches(Self.pod))
    }

    @Test func missingFieldComparesAsEmpty() throws {
        #expect(try FieldSelector(parsing: "spec.schedulerName=").matches(Self.pod))
        #expect(try FieldSelector(parsing: "spec.nodeName!=").matches(Self.pod))
        #expect(try !FieldSelector(parsing: "status.podIP!=").matches(Self.pod))
    }

    @Test func eventInvolvedObject() throws {
        let event: JSONValue = [
            "involvedObject": ["kind": "Pod", "name": "geo-1", "namespace": "hotel", "uid": "u1"],
            "reason": "BackOff", "type": "Warning",
        ]
        let selector = try FieldSelector(
            parsing: "involvedObject.name=geo-1,involvedObject.namespace=hotel,involvedObject.kind=Pod,"
                + "involvedObject.uid=u1")
        #expect(selector.matches(event))
        #expect(try FieldSelector(parsing: "type=Warning,reason=BackOff").matches(event))
        #expect(try !FieldSelector(parsing: "type=Normal").matches(event))
    }

    @Test func fieldRequirementsAndDescription() throws {
        let selector = try FieldSelector(parsing: "status.phase!=Failed,metadata.name=geo")
        #expect(selector.value(for: "metadata.name") == "geo")
        #expect(selector.value(for: "status.phase") == nil)
        #expect(selector.requirements.map(\.op) == ["=", "!="])
        #expect(selector.description == "metadata.name=geo,status.phase!=Failed")
        #expect(selector.unsupportedField(supported: ["metadata.name"]) == "status.phase")
        #expect(selector.unsupportedField(supported: ["metadata.name", "status.phase"]) == nil)
    }

    @Test func fieldEscapes() throws {
        let selector = try FieldSelector(parsing: #"metadata.name=a\,b\=c"#)
        #expect(selector.value(for: "metadata.name") == "a,b=c")
        #expect(selector.description == #"metadata.name=a\,b\=c"#)
        #expect(selector.matches(["metadata": ["name": "a,b=c"]]))
    }

    @Test func fieldParseErrors() throws {
        #expect(throws: SelectorError("invalid selector: 'name'; can't understand 'name'")) {
            try FieldSelector(parsing: "name")
        }
        #expect(throws: SelectorError.self) { try FieldSelector(parsing: "a=b=c") }
        #expect(try FieldSelector(parsing: "").isEmpty)
        #expect(try FieldSelector(parsing: "").matches(Self.pod))
    }
}
