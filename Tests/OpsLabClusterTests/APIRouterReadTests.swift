import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

@Suite("APIRouter: discovery, OpenAPI, lists and Tables")
struct APIRouterReadTests {
    @Test("/api, /apis and /api/v1 answer legacy discovery")
    func discovery() async throws {
        let fixture = try await RouterFixture()
        let api = await fixture.call("GET", "/api").json
        #expect(api["kind"] == "APIVersions")
        #expect(api["versions"] == ["v1"])
        #expect(api["serverAddressByClientCIDRs"]?[0]?["serverAddress"] == "127.210.0.1:6443")
        let apis = await fixture.call("GET", "/apis").json
        #expect(apis["kind"] == "APIGroupList")
        let apps = apis["groups"]?.arrayValue?.first { $0["name"] == "apps" }
        #expect(apps?["preferredVersion"] == ["groupVersion": "apps/v1", "version": "v1"])
        let group = await fixture.call("GET", "/apis/apps").json
        #expect(group["kind"] == "APIGroup")
        let core = await fixture.call("GET", "/api/v1").json
        #expect(core["kind"] == "APIResourceList")
        #expect(core["groupVersion"] == "v1")
        let resources = core["resources"]?.arrayValue ?? []
        let pods = resources.first { $0["name"] == "pods" }
        #expect(pods?["shortNames"] == ["po"])
        #expect(pods?["namespaced"] == true)
        #expect(pods?["kind"] == "Pod")
        #expect(pods?["categories"] == ["all"])
        #expect(pods?["verbs"]?.arrayValue?.contains("watch") == true)
        let log = resources.first { $0["name"] == "pods/log" }
        #expect(log?["verbs"] == ["get"])
        #expect(resources.first { $0["name"] == "namespaces" }?["namespaced"] == false)
    }

    @Test("/apis/apps/v1 lists deployments/scale as autoscaling/v1 Scale")
    func appsDiscovery() async throws {
        let fixture = try await RouterFixture()
        let list = await fixture.call("GET", "/apis/apps/v1").json
        #expect(list["groupVersion"] == "apps/v1")
        let resources = list["resources"]?.arrayValue ?? []
        #expect(resources.first { $0["name"] == "deployments" }?["shortNames"] == ["deploy"])
        let scale = resources.first { $0["name"] == "deployments/scale" }
        #expect(scale?["group"] == "autoscaling")
        #expect(scale?["version"] == "v1")
        #expect(scale?["kind"] == "Scale")
        #expect(await fixture.call("GET", "/apis/nothing").status == 404)
        #expect(await fixture.call("GET", "/apis/apps/v9").status == 404)
    }

    @Test("/openapi/v3 indexes each group-version; its document declares fieldValidation on PATCH")
    func openAPI() async throws {
        let fixture = try await RouterFixture()
        let root = await fixture.call("GET", "/openapi/v3").json
        let url = root[path: ["paths", "apis/apps/v1", "serverRelativeURL"]]?.stringValue ?? ""
        #expect(url.hasPrefix("/openapi/v3/apis/apps/v1?hash="))
        #expect(root[path: ["paths", "api/v1", "serverRelativeURL"]] != nil)
        let document = await fixture.call("GET", url)
        #expect(document.status == 200)
        let patch = document.json[path: ["paths", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch"]]
        let names = patch?["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.contains("fieldValidation"))
        #expect(patch?["x-kubernetes-group-version-kind"] == ["group": "apps", "version": "v1", "kind": "Deployment"])
        let core = await fixture.call("GET", "/openapi/v3/api/v1").json
        #expect(core[path: ["paths", "/api/v1/namespaces/{namespace}/pods/{name}", "patch"]] != nil)
        #expect(core[path: ["paths", "/api/v1/nodes/{name}", "get"]] != nil)
        #expect(await fixture.call("GET", "/openapi/v3/apis/nothing/v1").status == 404)
        #expect(await fixture.call("GET", "/openapi/v2").json["swagger"] == "2.0")
    }

    @Test("lists filter by label and field selectors; a bad selector is 400")
    func selectors() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("a", labels: ["app": "web"]))
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("b", labels: ["app": "db"]))
        _ = await fixture.call(
            "POST", RouterFixture.podsPath, RouterFixture.pod("c", labels: ["app": "web", "t": "x"]))
        let all = await fixture.call("GET", RouterFixture.podsPath).json
        #expect(all["kind"] == "PodList")
        #expect(all["apiVersion"] == "v1")
        #expect(all[path: ["metadata", "resourceVersion"]]?.stringValue != nil)
        #expect(all["items"]?.arrayValue?.count == 3)
        func names(_ query: String) async -> [String] {
            let list = await fixture.call("GET", RouterFixture.podsPath + "?" + query).json
            return list["items"]?.arrayValue?.map(\.name) ?? []
        }
        #expect(await names("labelSelector=app%3Dweb") == ["a", "c"])
        #expect(await names("labelSelector=app%20in%20(db),!t") == ["b"])
        #expect(await names("fieldSelector=metadata.name%3Dc") == ["c"])
        #expect(await names("fieldSelector=metadata.name!%3Dc&labelSelector=app%3Dweb") == ["a"])
        #expect(await names("limit=500&resourceVersion=0") == ["a", "b", "c"])
        let all2 = await fixture.call("GET", "/api/v1/pods").json
        #expect(all2["items"]?.arrayValue?.count == 3)
        let bad = await fixture.call("GET", RouterFixture.podsPath + "?labelSelector=app%20in%20web")
        #expect(bad.status == 400)
        #expect(bad.reason == "BadRequest")
        let badField = await fixture.call("GET", RouterFixture.podsPath + "?fieldSelector=nonsense")
        #expect(badField.status == 400)
    }

    @Test("queries decode as Go's ParseQuery: + is a space, percent escapes, repeated keys, bare keys")
    func queryDecoding() {
        let request = APIRequest(
            method: "GET", target: "/api/v1/namespaces/a%2Db/pods?labelSelector=app+in+%28db%2Cweb%29&watch&x=1&x=2",
            headers: [:], body: Data())
        #expect(request.path == "/api/v1/namespaces/a-b/pods")
        #expect(request.query["labelSelector"] == "app in (db,web)")
        #expect(request.query["watch"] == "")
        #expect(request.queryValues("x") == ["1", "2"])
        #expect(request.query["x"] == "2")
        let plain = APIRequest(method: "GET", target: "/version", headers: [:], body: Data())
        #expect(plain.path == "/version")
        #expect(plain.queryItems.isEmpty)
    }

    @Test("a selector as client-go encodes it (spaces as +) filters the list")
    func clientGoSelector() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("a", labels: ["app": "web"]))
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("b", labels: ["app": "db"]))
        let reply = await fixture.call("GET", RouterFixture.podsPath + "?labelSelector=app+in+%28db%29&limit=500")
        #expect(reply.status == 200)
        #expect(reply.json["items"]?.arrayValue?.map(\.name) == ["b"])
    }

    @Test("Table output for pods and deployments, with metadata or whole objects")
    func tables() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("web"))
        _ = await fixture.call("POST", RouterFixture.deploymentsPath, RouterFixture.deployment("geo"))
        let accept = ["accept": RouterFixture.tableAccept]
        let pods = await fixture.call("GET", RouterFixture.podsPath + "?limit=500", headers: accept).json
        #expect(pods["kind"] == "Table")
        #expect(pods["apiVersion"] == "meta.k8s.io/v1")
        #expect(pods[path: ["metadata", "resourceVersion"]]?.stringValue != nil)
        let columns = pods["columnDefinitions"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(Array(columns.prefix(5)) == ["Name", "Ready", "Status", "Restarts", "Age"])
        let row = pods["rows"]?[0]
        #expect(row?["cells"]?[0] == "web")
        #expect(row?["cells"]?[1] == "0/2")
        #expect(row?["cells"]?.arrayValue?.count == columns.count)
        #expect(row?[path: ["object", "kind"]] == "PartialObjectMetadata")
        #expect(row?[path: ["object", "metadata", "name"]] == "web")
        let deployments = await fixture.call("GET", RouterFixture.deploymentsPath, headers: accept).json
        let deploymentRow = deployments["rows"]?[0]
        #expect(deploymentRow?["cells"]?[0] == "geo")
        #expect(deploymentRow?["cells"]?[1] == "0/2")
        #expect(deploymentRow?["cells"]?[2] == 0)
        let full = await fixture.call(
            "GET", RouterFixture.deploymentsPath + "?includeObject=Object", headers: accept
        ).json
        #expect(full["rows"]?[0]?[path: ["object", "kind"]] == "Deployment")
        #expect(full["rows"]?[0]?[path: ["object", "spec", "replicas"]] == 2)
        let none = await fixture.call("GET", RouterFixture.podsPath + "?includeObject=None", headers: accept).json
        #expect(none["rows"]?[0]?["object"] == nil)
        let one = await fixture.call("GET", RouterFixture.podsPath + "/web", headers: accept).json
        #expect(one["kind"] == "Table")
        #expect(one["rows"]?.arrayValue?.count == 1)
        let plain = await fixture.call("GET", RouterFixture.podsPath + "/web", headers: ["accept": "application/json"])
        #expect(plain.json["kind"] == "Pod")
    }
}
