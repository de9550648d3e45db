import Foundation
import OpsLabApps
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import Testing

/// HotelReservation on a live embedded cluster: deploy, query through the frontend's ClusterIP, break and
/// repair geo by scaling it.
@Suite("HotelReservation live", .serialized)
struct HotelReservationLiveTests {
    static let hotelsPath = "/hotels?inDate=2015-04-09&outDate=2015-04-10&lat=37.7867&lon=-122.4112"

    @Test(.timeLimit(.minutes(2)))
    func deployQueryBreakAndRepair() async throws {
        guard LiveCluster.binaryPath != nil else {
            Issue.record("the opslab binary is not built; run `swift build` first")
            return
        }
        var catalog = ImageCatalog()
        for (image, role) in Roles.images { catalog.register(image, role: role) }
        let cluster = try await LiveCluster.start(catalog: catalog)
        do {
            try await exercise(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    private func exercise(_ cluster: LiveCluster) async throws {
        let app = AppCatalog.hotelReservation
        let namespace = app.namespace
        let deployer = AppDeployer(client: cluster.client)
        let started = ContinuousClock.now
        let applied = try await deployer.apply(app)
        #expect(applied.contains("deployment.apps/geo created"))
        let readiness = try await deployer.waitUntilReady(app, timeout: .seconds(45))
        #expect(readiness.expected == 17 && readiness.ready == 17)
        print("hotel-reservation: all \(readiness.expected) pods ready in \(ContinuousClock.now - started)")

        let service = try await cluster.client.get(.services, namespace: namespace, name: "frontend")
        let ip = try #require(service[path: ["spec", "clusterIP"]]?.stringValue)
        var answer = TestHTTP.Response(status: 0, body: "")
        try await cluster.eventually(15, "/hotels answers 200") {
            answer = TestHTTP.get(host: ip, port: 5000, path: Self.hotelsPath) ?? answer
            return answer.status == 200
        }
        let json = try JSONValue(parsing: answer.body)
        #expect(json["type"] == "FeatureCollection")
        let ids = json["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids == ["2", "1", "3"])
        #expect(answer.body.contains("Clift Hotel"))

        let scaleDown = await cluster.run("scale", "deploy", "geo", "--replicas=0", "-n", namespace)
        #expect(scaleDown.exitCode == 0)
        try await cluster.eventually(20, "/hotels fails with 500 naming geo") {
            answer = TestHTTP.get(host: ip, port: 5000, path: Self.hotelsPath) ?? answer
            return answer.status == 500
        }
        #expect(answer.body.contains("geo"))
        #expect(answer.body.hasPrefix("rpc error: code = Unavailable"))
        let searchLog = await cluster.run("logs", "deploy/search", "-n", namespace)
        #expect(searchLog.stdout.contains("ERR services/search/server.go"))

        let scaleUp = await cluster.run("scale", "deploy", "geo", "--replicas=1", "-n", namespace)
        #expect(scaleUp.exitCode == 0)
        try await cluster.eventually(25, "/hotels answers 200 again") {
            answer = TestHTTP.get(host: ip, port: 5000, path: Self.hotelsPath) ?? answer
            return answer.status == 200
        }
        #expect(answer.body.contains("FeatureCollection"))
    }
}
