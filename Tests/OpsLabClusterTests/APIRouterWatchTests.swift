import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

@Suite("APIRouter: watch")
struct APIRouterWatchTests {
    @Test("watch=true streams ADDED for existing objects, then MODIFIED and DELETED, each the item kind")
    func events() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("a"))
        let reader = try await fixture.watch(RouterFixture.podsPath + "?watch=true")
        let added = await reader.next()
        #expect(added?["type"] == "ADDED")
        #expect(added?[path: ["object", "kind"]] == "Pod")
        #expect(added?[path: ["object", "metadata", "name"]] == "a")
        _ = await fixture.call("PATCH", RouterFixture.podsPath + "/a", ["metadata": ["labels": ["x": "y"]]])
        let modified = await reader.next()
        #expect(modified?["type"] == "MODIFIED")
        #expect(modified?[path: ["object", "metadata", "labels", "x"]] == "y")
        _ = await fixture.call("DELETE", RouterFixture.podsPath + "/a")
        let deleted = await reader.next()
        #expect(deleted?["type"] == "DELETED")
        #expect(deleted?[path: ["object", "kind"]] == "Pod")
    }

    @Test("fieldSelector=metadata.name=x filters the stream")
    func fieldSelector() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("a"))
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("b"))
        let reader = try await fixture.watch(
            RouterFixture.podsPath
                + "?fieldSelector=metadata.name%3Db&watch=true&allowWatchBookmarks=true&timeoutSeconds=30")
        #expect(await reader.next()?[path: ["object", "metadata", "name"]] == "b")
        _ = await fixture.call("DELETE", RouterFixture.podsPath + "/a")
        _ = await fixture.call("DELETE", RouterFixture.podsPath + "/b")
        let next = await reader.next()
        #expect(next?["type"] == "DELETED")
        #expect(next?[path: ["object", "metadata", "name"]] == "b")
        #expect(await reader.next(timeout: .milliseconds(200)) == nil)
    }

    @Test("resourceVersion=N resumes after N without replaying older objects")
    func resume() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("old"))
        let list = await fixture.call("GET", RouterFixture.podsPath).json
        let revision = list[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("new"))
        let reader = try await fixture.watch(RouterFixture.podsPath + "?watch=1&resourceVersion=\(revision)")
        let first = await reader.next()
        #expect(first?["type"] == "ADDED")
        #expect(first?[path: ["object", "metadata", "name"]] == "new")
        #expect(await reader.next(timeout: .milliseconds(200)) == nil)
        let zero = try await fixture.watch(RouterFixture.podsPath + "?watch=true&resourceVersion=0")
        #expect(await zero.next()?[path: ["object", "metadata", "name"]] == "new")
        #expect(await zero.next()?[path: ["object", "metadata", "name"]] == "old")
    }

    @Test("a label selector turns objects leaving it into DELETED and entering it into ADDED")
    func labelTransitions() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("a", labels: ["app": "db"]))
        let reader = try await fixture.watch(RouterFixture.podsPath + "?watch=true&labelSelector=app%3Dweb")
        _ = await fixture.call("PATCH", RouterFixture.podsPath + "/a", ["metadata": ["labels": ["app": "web"]]])
        #expect(await reader.next()?["type"] == "ADDED")
        _ = await fixture.call("PATCH", RouterFixture.podsPath + "/a", ["metadata": ["labels": ["app": "db"]]])
        #expect(await reader.next()?["type"] == "DELETED")
    }

    @Test("a Table watch sends Tables; timeoutSeconds ends the stream; a namespaced watch sees its namespace only")
    func tableAndTimeout() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("a"))
        _ = await fixture.call("POST", "/api/v1/namespaces", ["metadata": ["name": "other"]])
        _ = await fixture.call("POST", "/api/v1/namespaces/other/pods", RouterFixture.pod("b"))
        let reader = try await fixture.watch(
            RouterFixture.podsPath + "?watch=true&timeoutSeconds=1", headers: ["accept": RouterFixture.tableAccept])
        let event = await reader.next()
        #expect(event?[path: ["object", "kind"]] == "Table")
        #expect(event?[path: ["object", "rows"]]?[0]?["cells"]?[0] == "a")
        let start = ContinuousClock.now
        #expect(await reader.next(timeout: .seconds(5)) == nil)
        #expect(ContinuousClock.now - start < .seconds(3))
        let everywhere = try await fixture.watch("/api/v1/pods?watch=true")
        let names = [await everywhere.next(), await everywhere.next()].compactMap {
            $0?[path: ["object", "metadata", "name"]]
        }
        #expect(Set(names) == ["a", "b"])
    }

    @Test("a watch on a named object watches that object")
    func namedWatch() async throws {
        let fixture = try await RouterFixture()
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("a"))
        _ = await fixture.call("POST", RouterFixture.podsPath, RouterFixture.pod("b"))
        let reader = try await fixture.watch(RouterFixture.podsPath + "/b?watch=true")
        #expect(await reader.next()?[path: ["object", "metadata", "name"]] == "b")
        #expect(await reader.next(timeout: .milliseconds(200)) == nil)
    }

    @Test("a too old resourceVersion is 410 Expired")
    func expired() async throws {
        let directory = NSTemporaryDirectory()
        let store = ObjectStore(historyLimit: 2)
        let context = ClusterContext(
            store: store,
            configuration: ClusterConfiguration(stateDirectory: directory, block: 210, executablePath: "/bin/true"),
            logger: .init(label: "test"))
        try await store.create(.namespaces, ["metadata": ["name": "default"]])
        for index in 0..<5 { try await store.create(.configMaps, ["metadata": ["name": .string("c\(index)")]]) }
        let router = APIRouter(context: context, token: "t") { _ in "" }
        let response = await router.handle(
            APIRequest(
                method: "GET", target: "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2",
                headers: ["authorization": "Bearer t"], body: Data()))
        guard case .full(let status, _, let body, _) = response else {
            Issue.record("expected a full response")
            return
        }
        #expect(status == 410)
        #expect(try JSONValue(parsing: body)["reason"] == "Expired")
    }
}
