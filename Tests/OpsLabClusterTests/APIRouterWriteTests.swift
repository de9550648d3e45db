import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

@Suite("APIRouter: patch, subresources and field validation")
struct APIRouterWriteTests {
    static let podPath = RouterFixture.podsPath + "/web"
    static let geoPath = RouterFixture.deploymentsPath + "/geo"

    @Test("a merge patch changes only what it names")
    func mergePatch() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.deploymentsPath, RouterFixture.deployment("geo"))
        let reply = await fixture.call("PATCH", Self.geoPath, ["metadata": ["labels": ["tier": "back"]]])
        #expect(reply.status == 200)
        #expect(reply.json.labels == ["tier": "back"])
        #expect(reply.json[path: ["spec", "replicas"]] == 2)
        #expect(reply.json[path: ["metadata", "generation"]] == 1)
    }

    @Test("a strategic patch of one container's env keeps the other containers")
    func strategicPatch() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("web"))
        let patch: JSONValue = ["spec": ["containers": [["name": "side", "env": [["name": "C", "value": "3"]]]]]]
        // Pod specs are immutable except images, so patch a Deployment's template the same way.
        _ = await fixture.call("POST", RouterFixture.deploymentsPath, Self.twoContainerDeployment())
        let templatePatch: JSONValue = ["spec": ["template": patch]]
        let reply = await fixture.call(
            "PATCH", Self.geoPath, templatePatch, headers: ["content-type": "application/strategic-merge-patch+json"])
        #expect(reply.status == 200)
        let containers = reply.json[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
        #expect(containers.map { $0["name"]?.stringValue ?? "" } == ["main", "side"])
        #expect(containers.first?["env"] == [["name": "A", "value": "1"]])
        #expect(containers.last?["env"] == [["name": "B", "value": "2"], ["name": "C", "value": "3"]])
        #expect(reply.json[path: ["metadata", "generation"]] == 2)
        // The same patch as a merge patch replaces the list.
        let merged = await fixture.call("PATCH", Self.geoPath, templatePatch)
        #expect(merged.status == 422)  // the merged container has no image
        // A pod image change is allowed; any other spec change is forbidden.
        let image: JSONValue = ["spec": ["containers": [["name": "side", "image": "opslab/echo:2.0"]]]]
        let imageReply = await fixture.call(
            "PATCH", Self.podPath, image, headers: ["content-type": "application/strategic-merge-patch+json"])
        #expect(imageReply.status == 200)
        #expect(imageReply.json[path: ["spec", "containers"]]?[1]?["image"] == "opslab/echo:2.0")
        #expect(imageReply.json[path: ["spec", "containers"]]?[0]?["image"] == "opslab/echo:1.0")
        let forbidden = await fixture.call(
            "PATCH", Self.podPath, patch, headers: ["content-type": "application/strategic-merge-patch+json"])
        #expect(forbidden.status == 422)
        #expect(forbidden.message.hasPrefix("Pod \"web\" is invalid: spec: Forbidden: pod updates may not change"))
    }

    @Test("a JSON patch applies operations in order; a failing test op is refused")
    func jsonPatch() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.deploymentsPath, RouterFixture.deployment("geo"))
        let headers = ["content-type": "application/json-patch+json"]
        let ops: JSONValue = [
            ["op": "replace", "path": "/spec/replicas", "value": 5],
            ["op": "add", "path": "/metadata/annotations", "value": ["a": "b"]],
        ]
        let reply = await fixture.call("PATCH", Self.geoPath, ops, headers: headers)
        #expect(reply.status == 200)
        #expect(reply.json[path: ["spec", "replicas"]] == 5)
        #expect(reply.json.annotations == ["a": "b"])
        let failing: JSONValue = [["op": "test", "path": "/spec/replicas", "value": 1]]
        let refused = await fixture.call("PATCH", Self.geoPath, failing, headers: headers)
        #expect(refused.status >= 400 && refused.status < 500)
        let notAList = await fixture.call("PATCH", Self.geoPath, ["spec": [:]], headers: headers)
        #expect(notAList.status == 400)
        let listAsMerge = await fixture.call("PATCH", Self.geoPath, ops)
        #expect(listAsMerge.status == 400)
        let unsupported = await fixture.call(
            "PATCH", Self.geoPath, ["spec": [:]], headers: ["content-type": "application/apply-patch+yaml"])
        #expect(unsupported.status == 415)
        let missing = await fixture.call("PATCH", RouterFixture.deploymentsPath + "/nope", ["spec": [:]])
        #expect(missing.status == 404)
    }

    @Test("/scale reads and patches spec.replicas")
    func scale() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.deploymentsPath, RouterFixture.deployment("geo"))
        let scale = await fixture.call("GET", Self.geoPath + "/scale").json
        #expect(scale["kind"] == "Scale")
        #expect(scale["apiVersion"] == "autoscaling/v1")
        #expect(scale[path: ["spec", "replicas"]] == 2)
        #expect(scale[path: ["status", "selector"]] == "app=geo")
        let patched = await fixture.call("PATCH", Self.geoPath + "/scale", ["spec": ["replicas": 4]])
        #expect(patched.status == 200)
        #expect(patched.json[path: ["spec", "replicas"]] == 4)
        #expect(await fixture.call("GET", Self.geoPath).json[path: ["spec", "replicas"]] == 4)
        let negative = await fixture.call("PATCH", Self.geoPath + "/scale", ["spec": ["replicas": -1]])
        #expect(negative.status == 422)
        #expect(negative.message.hasPrefix("Scale.autoscaling \"geo\" is invalid: spec.replicas: Invalid value: -1"))
        var put = scale
        put[path: ["spec", "replicas"]] = 1
        #expect(await fixture.call("PUT", Self.geoPath + "/scale", put).json[path: ["spec", "replicas"]] == 1)
        #expect(await fixture.call("GET", RouterFixture.podsPath + "/x/scale").status == 404)
    }

    @Test("PUT /status changes only status; a main PUT ignores status")
    func statusSubresource() async throws {
        let fixture = try await RouterFixture()
        let created = await fixture.call("POST", RouterFixture.deploymentsPath, RouterFixture.deployment("geo")).json
        var withStatus = created
        withStatus["status"] = ["replicas": 2, "readyReplicas": 1]
        withStatus[path: ["spec", "replicas"]] = 9
        let status = await fixture.call("PUT", Self.geoPath + "/status", withStatus)
        #expect(status.status == 200)
        #expect(status.json[path: ["status", "readyReplicas"]] == 1)
        #expect(status.json[path: ["spec", "replicas"]] == 2)
        #expect(status.json[path: ["metadata", "generation"]] == 1)
        var main = status.json
        main["status"] = ["replicas": 7]
        main[path: ["spec", "replicas"]] = 3
        let updated = await fixture.call("PUT", Self.geoPath, main)
        #expect(updated.status == 200)
        #expect(updated.json[path: ["spec", "replicas"]] == 3)
        #expect(updated.json[path: ["status", "readyReplicas"]] == 1)
        #expect(updated.json[path: ["status", "replicas"]] == 2)
        let stale = await fixture.call("PUT", Self.geoPath + "/status", withStatus)
        #expect(stale.status == 409)
        let statusPatch = await fixture.call("PATCH", Self.geoPath + "/status", ["status": ["readyReplicas": 2]])
        #expect(statusPatch.json[path: ["status", "readyReplicas"]] == 2)
    }

    @Test("fieldValidation=Strict refuses unknown fields; the default warns in a Warning header")
    func fieldValidation() async throws {
        let fixture = try await RouterFixture()
        var deployment = RouterFixture.deployment("geo")
        deployment[path: ["spec", "replica"]] = 2
        let strict = await fixture.call("POST", RouterFixture.deploymentsPath + "?fieldValidation=Strict", deployment)
        #expect(strict.status == 400)
        #expect(strict.reason == "BadRequest")
        #expect(strict.message.hasSuffix("strict decoding error: unknown field \"spec.replica\""))
        #expect(strict.message.hasPrefix("Deployment in version \"v1\" cannot be handled as a Deployment"))
        let warn = await fixture.call("POST", RouterFixture.deploymentsPath, deployment)
        #expect(warn.status == 201)
        #expect(warn.header("Warning") == ["299 - \"unknown field \\\"spec.replica\\\"\""])
        #expect(warn.json[path: ["spec", "replica"]] == nil)
        let ignore = await fixture.call("PATCH", Self.geoPath + "?fieldValidation=Ignore", ["spec": ["replica": 1]])
        #expect(ignore.status == 200)
        #expect(ignore.header("Warning").isEmpty)
        let strictPatch = await fixture.call(
            "PATCH", Self.geoPath + "?fieldValidation=Strict", ["spec": ["replica": 1]])
        #expect(strictPatch.status == 400)
    }

    @Test("bodies that are not objects, not JSON or of the wrong types are 400, never 500")
    func badBodies() async throws {
        let fixture = try await RouterFixture()
        let bodies = [
            "", "{", "not json", "[]", "[1,2]", "\"text\"", "42", "null", "{\"metadata\": \"x\"}",
            "{\"metadata\": {\"name\": 5}}", "{\"metadata\": {\"name\": \"geo\", \"labels\": {\"a\": 1}}}",
            "{\"metadata\": {\"name\": \"geo\"}, \"spec\": 7}",
            "{\"metadata\": {\"name\": \"geo\"}, \"spec\": {\"replicas\": \"three\"}}",
            "{\"metadata\": {\"name\": \"geo\"}, \"spec\": {\"template\": {\"spec\": {\"containers\": {}}}}}",
            String(repeating: "[", count: 100_000),
        ]
        for body in bodies {
            let create = await fixture.call("POST", RouterFixture.deploymentsPath, raw: Data(body.utf8))
            #expect(
                [400, 422].contains(create.status), "POST \(body.prefix(60)) → \(create.status) \(create.message)")
            #expect(create.json["kind"] == "Status")
        }
        _ = await fixture.call("POST", RouterFixture.deploymentsPath, RouterFixture.deployment("geo"))
        for body in bodies {
            let put = await fixture.call("PUT", Self.geoPath, raw: Data(body.utf8))
            #expect([400, 422].contains(put.status), "PUT \(body.prefix(60)) → \(put.status) \(put.message)")
            let patch = await fixture.call("PATCH", Self.geoPath, raw: Data(body.utf8))
            #expect([400, 422].contains(patch.status), "PATCH \(body.prefix(60)) → \(patch.status) \(patch.message)")
        }
        #expect(await fixture.call("GET", Self.geoPath).json[path: ["spec", "replicas"]] == 2)
    }

    @Test("dryRun=All validates and defaults without storing or keeping a ClusterIP")
    func dryRun() async throws {
        let fixture = try await RouterFixture()
        let service: JSONValue = ["metadata": ["name": "svc"], "spec": ["ports": [["port": 80]]]]
        let reply = await fixture.call("POST", RouterFixture.servicesPath + "?dryRun=All", service)
        #expect(reply.status == 201)
        let address = reply.json[path: ["spec", "clusterIP"]]?.stringValue ?? ""
        #expect(address.hasPrefix("127.210.0."))
        #expect(await fixture.call("GET", RouterFixture.servicesPath + "/svc").status == 404)
        #expect(fixture.context.reserveIP(address))
    }

    @Test("the pruner removes the paths the unknown-field checker reports, keys with dots included")
    func pruner() throws {
        let object: JSONValue = [
            "spec": ["replica": 2, "replicas": 1, "a.b": ["c": 1, "d": 2], "list": [["x": 1, "y": 2]]]
        ]
        var pruned = UnknownFieldPruner.removing("spec.replica", from: object)
        #expect(pruned["spec"]?["replica"] == nil)
        #expect(pruned["spec"]?["replicas"] == 1)
        pruned = UnknownFieldPruner.removing("spec.a.b.c", from: pruned)
        #expect(pruned[path: ["spec", "a.b"]] == ["d": 2])
        pruned = UnknownFieldPruner.removing("spec.list[0].y", from: pruned)
        #expect(pruned[path: ["spec", "list"]] == [["x": 1]])
        #expect(UnknownFieldPruner.removing("spec.list[5].y", from: pruned) == pruned)
        #expect(UnknownFieldPruner.removing("nothing.here", from: pruned) == pruned)
    }

    @Test("a value of the wrong JSON type is refused with Go's wording")
    func shapeMessages() {
        var deployment = RouterFixture.deployment("geo")
        deployment[path: ["spec", "replicas"]] = "three"
        #expect(
            throws: APIStatus.badRequest(
                "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go "
                    + "struct field DeploymentSpec.spec.replicas of type int32")
        ) {
            try ObjectShape.check(deployment, type: .deployments)
        }
        var pod = RouterFixture.pod("web")
        pod.labels = [:]
        pod[path: ["metadata", "labels", "a"]] = 1
        #expect(throws: APIStatus.self) { try ObjectShape.check(pod, type: .pods) }
        pod[path: ["metadata", "labels"]] = nil
        pod[path: ["spec", "containers"]] = [["name": "main", "ports": [["containerPort": "80"]]]]
        #expect(throws: APIStatus.self) { try ObjectShape.check(pod, type: .pods) }
        pod[path: ["spec", "containers"]] = [["name": "main", "ports": [["containerPort": 80]]]]
        pod[path: ["metadata", "creationTimestamp"]] = .null
        #expect(throws: Never.self) { try ObjectShape.check(pod, type: .pods) }
    }

    static func twoContainerDeployment() -> JSONValue {
        var deployment = RouterFixture.deployment("geo")
        deployment[path: ["spec", "template", "spec", "containers"]] = [
            ["name": "main", "image": "opslab/echo:1.0", "env": [["name": "A", "value": "1"]]],
            ["name": "side", "image": "opslab/echo:1.0", "env": [["name": "B", "value": "2"]]],
        ]
        return deployment
    }
}

@Suite("APIRouter: PodChaos admission")
struct APIRouterChaosAdmissionTests {
    static let path = "/apis/chaos-mesh.org/v1alpha1/namespaces/default/podchaos"

    @Test("an experiment without a valid action or mode is refused with 422 naming the fields")
    func invalidExperimentIsRefused() async throws {
        let fixture = try await RouterFixture()
        let bad: JSONValue = [
            "apiVersion": "chaos-mesh.org/v1alpha1", "kind": "PodChaos", "metadata": ["name": "bad"],
            "spec": ["action": "pod-explode", "mode": "one", "selector": ["labelSelectors": ["app": "web"]]],
        ]
        let refused = await fixture.call("POST", Self.path, bad)
        #expect(refused.status == 422)
        #expect(refused.message.contains("spec.action"))
        #expect(await fixture.call("GET", Self.path + "/bad").status == 404)
        var good = bad
        good[path: ["spec", "action"]] = "pod-failure"
        good[path: ["spec", "duration"]] = "30s"
        #expect(await fixture.call("POST", Self.path, good).status == 201)
    }
}

@Suite("APIRouter: finalizers")
struct APIRouterFinalizerTests {
    static let path = "/api/v1/namespaces/default/configmaps"

    @Test("an object with finalizers is only marked for deletion; removing the last finalizer removes it")
    func finalizersHoldDeletion() async throws {
        let fixture = try await RouterFixture()
        let map: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "held", "finalizers": ["example.com/cleanup"]], "data": ["a": "1"],
        ]
        #expect(await fixture.call("POST", Self.path, map).status == 201)
        #expect(await fixture.call("DELETE", Self.path + "/held").status == 200)
        let held = await fixture.call("GET", Self.path + "/held")
        #expect(held.status == 200)
        #expect(held.json[path: ["metadata", "deletionTimestamp"]] != nil)
        let patched = await fixture.call("PATCH", Self.path + "/held", ["metadata": ["finalizers": .null]])
        #expect(patched.status == 200)
        #expect(await fixture.call("GET", Self.path + "/held").status == 404)
    }
}
