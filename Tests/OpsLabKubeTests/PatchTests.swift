import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite struct PatchTests {
    // MARK: JSON merge patch (RFC 7386)

    @Test func mergePatchMergesObjectsAndDeletesNulls() {
        let target: JSONValue = ["a": "b", "c": ["d": "e", "f": "g"], "list": [1, 2]]
        let patch: JSONValue = ["a": "z", "c": ["f": nil], "list": [3], "new": ["x": 1]]
        let result = JSONMergePatch.apply(patch, to: target)
        #expect(result == ["a": "z", "c": ["d": "e"], "list": [3], "new": ["x": 1]])
    }

    /// RFC 7386 appendix A: target, patch, result.
    static let rfcCases: [(String, String, String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, #"null"#, #"null"#),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    @Test(arguments: rfcCases)
    func mergePatchRFCExamples(target: String, patch: String, expected: String) throws {
        let result = JSONMergePatch.apply(try JSONValue(parsing: patch), to: try JSONValue(parsing: target))
        #expect(result == (try JSONValue(parsing: expected)))
    }

    @Test func mergePatchDiffRoundTrips() {
        let original: JSONValue = ["spec": ["replicas": 1, "paused": true], "keep": "x"]
        let modified: JSONValue = ["spec": ["replicas": 3], "keep": "x", "added": [1]]
        let patch = JSONMergePatch.diff(from: original, to: modified)
        #expect(patch == ["spec": ["replicas": 3, "paused": nil], "added": [1]])
        #expect(JSONMergePatch.apply(patch, to: original) == modified)
    }

    // MARK: JSON patch (RFC 6902)

    static let deployment: JSONValue = [
        "spec": [
            "replicas": 1,
            "template": ["spec": ["containers": [["name": "geo", "image": "geo:1"]]]],
        ],
        "metadata": ["labels": ["app": "geo"], "annotations": ["a/b": "x", "m~n": "y"]],
    ]

    @Test func jsonPatchAddReplaceRemove() throws {
        let ops: JSONValue = [
            ["op": "replace", "path": "/spec/replicas", "value": 3],
            ["op": "add", "path": "/metadata/labels/tier", "value": "web"],
            ["op": "remove", "path": "/metadata/labels/app"],
            ["op": "add", "path": "/spec/template/spec/containers/-", "value": ["name": "side", "image": "s"]],
            ["op": "add", "path": "/spec/template/spec/containers/0/env", "value": [["name": "A", "value": "1"]]],
        ]
        let result = try JSONPatch.apply(ops, to: Self.deployment)
        #expect(result[path: ["spec", "replicas"]] == 3)
        #expect(result.labels == ["tier": "web"])
        let containers = result[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
        #expect(containers.map { $0["name"] } == ["geo", "side"])
        #expect(containers.first?["env"] == [["name": "A", "value": "1"]])
    }

    @Test func jsonPatchPointerEscapes() throws {
        let ops: JSONValue = [
            ["op": "replace", "path": "/metadata/annotations/a~1b", "value": "1"],
            ["op": "remove", "path": "/metadata/annotations/m~0n"],
        ]
        let result = try JSONPatch.apply(ops, to: Self.deployment)
        #expect(result.annotations == ["a/b": "1"])
    }

    @Test func jsonPatchArrayInsertAndRemove() throws {
        let target: JSONValue = ["list": [1, 2, 3]]
        let result = try JSONPatch.apply(
            [["op": "add", "path": "/list/1", "value": 9], ["op": "remove", "path": "/list/3"]], to: target)
        #expect(result == ["list": [1, 9, 2]])
        #expect(throws: PatchError.self) {
            try JSONPatch.apply([["op": "add", "path": "/list/7", "value": 0]], to: target)
        }
        #expect(throws: PatchError.self) {
            try JSONPatch.apply([["op": "remove", "path": "/list/01"]], to: target)
        }
    }

    @Test func jsonPatchMoveCopyTest() throws {
        let target: JSONValue = ["a": ["b": 1], "c": [1.0, 2]]
        let ops: JSONValue = [
            ["op": "test", "path": "/a/b", "value": 1.0],
            ["op": "test", "path": "/c", "value": [1, 2]],
            ["op": "copy", "from": "/a", "path": "/d"],
            ["op": "move", "from": "/a/b", "path": "/e"],
        ]
        let result = try JSONPatch.apply(ops, to: target)
        #expect(result == ["a": [:], "c": [1.0, 2], "d": ["b": 1], "e": 1])
    }

    @Test func jsonPatchFailuresLeaveMessages() {
        #expect(throws: PatchError(.testFailed, "testing value /spec/replicas failed: test failed")) {
            try JSONPatch.apply([["op": "test", "path": "/spec/replicas", "value": 2]], to: Self.deployment)
        }
        #expect(throws: PatchError(.missingPath, "Unable to remove nonexistent key: nope: missing value")) {
            try JSONPatch.apply([["op": "remove", "path": "/spec/nope"]], to: Self.deployment)
        }
        #expect(
            throws: PatchError(
                .missingPath, "replace operation does not apply: doc is missing key: /spec/x: missing value")
        ) {
            try JSONPatch.apply([["op": "replace", "path": "/spec/x", "value": 1]], to: Self.deployment)
        }
        #expect(
            throws: PatchError(
                .missingPath, "add operation does not apply: doc is missing path: \"/x/y\": missing value")
        ) {
            try JSONPatch.apply([["op": "add", "path": "/x/y", "value": 1]], to: Self.deployment)
        }
        #expect(throws: PatchError(.malformed, "Unexpected kind: frobnicate")) {
            try JSONPatch.apply([["op": "frobnicate", "path": "/x"]], to: Self.deployment)
        }
        #expect(throws: PatchError.self) { try JSONPatch.apply(["op": "add"], to: Self.deployment) }
        #expect(throws: PatchError.self) {
            try JSONPatch.apply([["op": "move", "from": "/spec", "path": "/spec/template/x"]], to: Self.deployment)
        }
    }

    @Test func jsonPatchWholeDocumentAndStatus() throws {
        #expect(
            try JSONPatch.apply([["op": "replace", "path": "", "value": ["x": 1]]], to: Self.deployment) == ["x": 1])
        #expect(PatchError(.testFailed, "m").status.code == 422)
        #expect(PatchError(.malformed, "m").status.code == 400)
        #expect(JSONPatch.value(at: "/spec/template/spec/containers/0/image", in: Self.deployment) == "geo:1")
        #expect(JSONPatch.value(at: "/spec/template/spec/containers/1", in: Self.deployment) == nil)
    }

    // MARK: strategic merge patch

    static let podTemplate: JSONValue = [
        "metadata": ["name": "geo", "finalizers": ["a"]],
        "spec": [
            "replicas": 1,
            "template": [
                "spec": [
                    "containers": [
                        [
                            "name": "geo", "image": "geo:1",
                            "env": [["name": "A", "value": "1"], ["name": "B", "value": "2"]],
                            "ports": [["containerPort": 8083, "protocol": "TCP"]],
                            "args": ["--x"],
                        ],
                        ["name": "side", "image": "side:1"],
                    ],
                    "tolerations": [["key": "a", "operator": "Exists"]],
                ]
            ],
        ],
    ]

    static func containers(_ object: JSONValue) -> [JSONValue] {
        object[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
    }

    @Test func strategicMergesContainersByName() throws {
        let patch: JSONValue = [
            "spec": ["template": ["spec": ["containers": [["name": "geo", "image": "geo:2"]]]]]
        ]
        let result = try StrategicMergePatch.apply(patch, to: Self.podTemplate, kind: "Deployment")
        let containers = Self.containers(result)
        #expect(containers.count == 2)
        #expect(containers[0]["image"] == "geo:2")
        #expect(containers[0]["env"]?.arrayValue?.count == 2)
        #expect(containers[1]["image"] == "side:1")
        // A merge patch would have replaced the whole list.
        #expect(Self.containers(JSONMergePatch.apply(patch, to: Self.podTemplate)).count == 1)
    }

    @Test func strategicMergesEnvAndPortsAndAppendsNew() throws {
        let patch: JSONValue = [
            "spec": [
                "template": [
                    "spec": [
                        "containers": [
                            [
                                "name": "geo",
                                "env": [["name": "B", "value": "20"], ["name": "C", "value": "3"]],
                                "ports": [["containerPort": 8083, "name": "http"], ["containerPort": 9090]],
                                "args": ["--y"],
                            ],
                            ["name": "third", "image": "t:1"],
                        ]
                    ]
                ]
            ]
        ]
        let result = try StrategicMergePatch.apply(patch, to: Self.podTemplate, kind: "Deployment")
        let geo = Self.containers(result)[0]
        #expect(
            geo["env"] == [["name": "A", "value": "1"], ["name": "B", "value": "20"], ["name": "C", "value": "3"]])
        #expect(geo["ports"] == [["containerPort": 8083, "protocol": "TCP", "name": "http"], ["containerPort": 9090]])
        #expect(geo["args"] == ["--y"])
        #expect(Self.containers(result).map { $0["name"] } == ["geo", "side", "third"])
    }

    @Test func strategicDeleteDirectiveAndNulls() throws {
        let patch: JSONValue = [
            "spec": [
                "template": [
                    "spec": [
                        "containers": [
                            ["name": "side", "$patch": "delete"],
                            ["name": "geo", "env": [["name": "A", "$patch": "delete"]], "args": nil],
                        ]
                    ]
                ]
            ]
        ]
        let result = try StrategicMergePatch.apply(patch, to: Self.podTemplate, kind: "Deployment")
        let containers = Self.containers(result)
        #expect(containers.count == 1)
        #expect(containers[0]["env"] == [["name": "B", "value": "2"]])
        #expect(containers[0]["args"] == nil)
    }

    @Test func strategicReplaceDirectives() throws {
        let listReplace: JSONValue = [
            "spec": ["template": ["spec": ["containers": [["$patch": "replace"], ["name": "only", "image": "o"]]]]]
        ]
        let replaced = try StrategicMergePatch.apply(listReplace, to: Self.podTemplate, kind: "Deployment")
        #expect(Self.containers(replaced) == [["name": "only", "image": "o"]])

        let mapReplace: JSONValue = ["metadata": ["$patch": "replace", "name": "geo"]]
        let result = try StrategicMergePatch.apply(mapReplace, to: Self.podTemplate, kind: "Deployment")
        #expect(result["metadata"] == ["name": "geo"])

        let mapDelete: JSONValue = ["spec": ["template": ["$patch": "delete"]]]
        let deleted = try StrategicMergePatch.apply(mapDelete, to: Self.podTemplate, kind: "Deployment")
        #expect(deleted[path: ["spec", "template"]] == nil)
        #expect(deleted[path: ["spec", "replicas"]] == 1)
    }

    @Test func strategicTolerationsAndScalarListsAreReplaced() throws {
        let patch: JSONValue = ["spec": ["template": ["spec": ["tolerations": [["key": "b", "operator": "Exists"]]]]]]
        let result = try StrategicMergePatch.apply(patch, to: Self.podTemplate, kind: "Deployment")
        #expect(result[path: ["spec", "template", "spec", "tolerations"]] == [["key": "b", "operator": "Exists"]])
    }

    @Test func strategicFinalizersMergeAsSet() throws {
        let patch: JSONValue = ["metadata": ["finalizers": ["b", "a"]]]
        let result = try StrategicMergePatch.apply(patch, to: Self.podTemplate, kind: "Deployment")
        #expect(result[path: ["metadata", "finalizers"]] == ["a", "b"])
        let removal: JSONValue = ["metadata": ["$deleteFromPrimitiveList/finalizers": ["a"]]]
        let removed = try StrategicMergePatch.apply(removal, to: Self.podTemplate, kind: "Deployment")
        #expect(removed[path: ["metadata", "finalizers"]] == [])
    }

    @Test func strategicServicePortsMergeByPort() throws {
        let service: JSONValue = [
            "spec": [
                "selector": ["app": "geo"],
                "ports": [
                    ["name": "a", "port": 80, "targetPort": 8080], ["name": "b", "port": 443, "targetPort": 8443],
                ],
            ]
        ]
        let patch: JSONValue = ["spec": ["ports": [["port": 80, "targetPort": 9999]], "selector": ["app": "bad"]]]
        let result = try StrategicMergePatch.apply(patch, to: service, kind: "Service")
        #expect(
            result[path: ["spec", "ports"]] == [
                ["name": "a", "port": 80, "targetPort": 9999], ["name": "b", "port": 443, "targetPort": 8443],
            ])
        #expect(result[path: ["spec", "selector"]] == ["app": "bad"])
        // Endpoints ports have no merge key: replaced.
        let endpoints: JSONValue = ["subsets": [["ports": [["port": 1]]]]]
        let patched = try StrategicMergePatch.apply(
            ["subsets": [["ports": [["port": 2]]]]], to: endpoints, kind: "Endpoints")
        #expect(patched == ["subsets": [["ports": [["port": 2]]]]])
    }

    @Test func strategicConditionsAndVolumes() throws {
        let pod: JSONValue = [
            "spec": [
                "volumes": [["name": "data", "emptyDir": [:]]],
                "containers": [["name": "c", "volumeMounts": [["name": "data", "mountPath": "/data"]]]],
            ],
            "status": [
                "conditions": [["type": "Ready", "status": "False"], ["type": "PodScheduled", "status": "True"]]
            ],
        ]
        let patch: JSONValue = [
            "spec": [
                "volumes": [["name": "cfg", "configMap": ["name": "x"]]],
                "containers": [
                    ["name": "c", "volumeMounts": [["name": "data", "mountPath": "/data", "readOnly": true]]]
                ],
            ],
            "status": ["conditions": [["type": "Ready", "status": "True"]]],
        ]
        let result = try StrategicMergePatch.apply(patch, to: pod, kind: "Pod")
        #expect(result[path: ["spec", "volumes"]]?.arrayValue?.count == 2)
        #expect(
            result[path: ["spec", "containers"]]?[0]?["volumeMounts"] == [
                ["name": "data", "mountPath": "/data", "readOnly": true]
            ])
        #expect(
            result[path: ["status", "conditions"]] == [
                ["type": "Ready", "status": "True"], ["type": "PodScheduled", "status": "True"],
            ])
    }

    @Test func strategicRetainKeysAndErrors() throws {
        let target: JSONValue = ["spec": ["strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 1]]]]
        let patch: JSONValue = [
            "spec": ["strategy": ["$retainKeys": ["type"], "type": "Recreate", "rollingUpdate": nil]]
        ]
        let result = try StrategicMergePatch.apply(patch, to: target, kind: "Deployment")
        #expect(result == ["spec": ["strategy": ["type": "Recreate"]]])
        #expect(throws: PatchError.self) {
            try StrategicMergePatch.apply(
                ["spec": ["template": ["spec": ["containers": [["image": "x"]]]]]],
                to: Self.podTemplate, kind: "Deployment")
        }
        #expect(throws: PatchError.self) {
            try StrategicMergePatch.apply(["metadata": ["$patch": "explode"]], to: Self.podTemplate, kind: "Deployment")
        }
        #expect(throws: PatchError.self) { try StrategicMergePatch.apply([1], to: Self.podTemplate, kind: "Pod") }
    }

    @Test func strategicScalePatchOnEmptyTarget() throws {
        let result = try StrategicMergePatch.apply(["spec": ["replicas": 0]], to: Self.podTemplate, kind: "Deployment")
        #expect(result[path: ["spec", "replicas"]] == 0)
        #expect(Self.containers(result).count == 2)
        #expect(try StrategicMergePatch.apply(["a": ["b": nil, "c": 1]], to: .null, kind: "X") == ["a": ["c": 1]])
    }
}
