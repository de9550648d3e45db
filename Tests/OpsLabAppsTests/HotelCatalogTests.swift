import Foundation
import OpsLabCore
import Testing

@testable import OpsLabApps

@Suite("Hotel catalog and deploy readiness")
struct HotelCatalogTests {
    @Test func theCatalogListsHotelReservation() throws {
        let app = try #require(AppCatalog.app(named: "hotel-reservation"))
        #expect(app.namespace == "test-hotel-reservation")
        #expect(AppCatalog.app(named: "nope") == nil)
        #expect(app.serviceDetails.contains("Namespace: test-hotel-reservation"))
        #expect(app.serviceDetails.contains("  - Place reservations"))
    }

    @Test func manifestsCoverEveryDeploymentAndService() throws {
        let files = try AppCatalog.manifests(for: AppCatalog.hotelReservation)
        #expect(files.first?.name == "00-namespace.yaml")
        let deployments = files.filter { $0.name.hasSuffix("-deployment.yaml") }
        let services = files.filter { $0.name.hasSuffix("-service.yaml") }
        #expect(deployments.count == 17 && services.count == 17)
        let knownImages = Set(Roles.images.map(\.image))
        for file in deployments {
            let name = String(file.name.dropLast("-deployment.yaml".count))
            #expect(file.text.contains("io.kompose.service: \(name)\n"), "\(file.name)")
            #expect(file.text.contains("cpu: 100m") && file.text.contains("cpu: 1000m"), "\(file.name)")
            let image = try #require(file.text.split(separator: "\n").first { $0.contains("image: ") })
                .split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
            let bare = String(image.split(separator: ":").first ?? "")
            #expect(
                knownImages.contains(image) || knownImages.contains(bare) || bare == "mongo" || bare == "memcached",
                "\(file.name): \(image)")
        }
        let geo = try #require(files.first { $0.name == "geo-deployment.yaml" }?.text)
        #expect(geo.contains("- name: hotel-reserv-geo\n") && geo.contains("command:\n            - geo\n"))
        #expect(geo.contains("image: yinfangchen/hotelreservation:latest"))
        let mongoGeo = try #require(files.first { $0.name == "mongodb-geo-deployment.yaml" }?.text)
        #expect(mongoGeo.contains("\"--auth\"") && mongoGeo.contains("type: Recreate"))
        #expect(mongoGeo.contains("OPSLAB_MONGO_INIT") && mongoGeo.contains("\"readWrite\",\"db\":\"geo-db\""))
        let mongoProfile = try #require(files.first { $0.name == "mongodb-profile-deployment.yaml" }?.text)
        #expect(!mongoProfile.contains("--auth") && mongoProfile.contains("hostname: profile-db"))
        let memcachedService = try #require(files.first { $0.name == "memcached-rate-service.yaml" }?.text)
        #expect(memcachedService.contains("- name: \"memcached-rate\"\n      port: 11211"))
    }

    @Test func readinessCountsReadyPodsPerDeployment() {
        func pod(_ name: String, ready: Bool, waiting: String? = nil) -> JSONValue {
            var status: JSONValue = ["ready": .bool(ready)]
            if let waiting { status["state"] = ["waiting": ["reason": .string(waiting)]] }
            return [
                "metadata": ["name": .string(name)],
                "status": ["phase": ready ? "Running" : "Pending", "containerStatuses": [status]],
            ]
        }
        let deployments: [JSONValue] = [
            ["metadata": ["name": "geo"], "spec": ["replicas": 1]],
            ["metadata": ["name": "mongodb-geo"], "spec": ["replicas": 1]],
            ["metadata": ["name": "frontend"], "spec": ["replicas": 2]],
        ]
        let partial = AppReadiness(
            deployments: deployments,
            pods: [
                pod("geo-5f7b9c6d4-x2kqz", ready: false, waiting: "CrashLoopBackOff"),
                pod("frontend-6d5f-aaaaa", ready: true),
            ])
        #expect(partial.expected == 4 && partial.ready == 1 && !partial.isComplete)
        #expect(partial.waitingFor == ["frontend", "geo (CrashLoopBackOff)", "mongodb-geo"])
        #expect(partial.progressLine == "[1/4 ready] waiting for frontend, geo (CrashLoopBackOff), mongodb-geo…")
        let done = AppReadiness(
            deployments: deployments,
            pods: [
                pod("geo-5f7b9c6d4-x2kqz", ready: true), pod("mongodb-geo-1-a", ready: true),
                pod("frontend-6d5f-aaaaa", ready: true), pod("frontend-6d5f-bbbbb", ready: true),
            ])
        #expect(done.isComplete && done.progressLine == "[4/4 ready]")
        #expect(AppReadiness.deploymentName(ofPod: "memcached-rate-698965db75-zxvzp") == "memcached-rate")
    }
}
