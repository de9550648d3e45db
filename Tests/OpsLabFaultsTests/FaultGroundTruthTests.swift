import OpsLabCore
import OpsLabFaults
import Testing

@Suite("Fault ground truths")
struct FaultGroundTruthTests {
    @Test func revokeAuthNamesTheMongoServiceWithItsAlias() {
        let truth = RevokeAuthFault(service: .geo).groundTruth()
        #expect(truth.hasFault)
        #expect(truth.faultyComponents == ["mongodb-geo"])
        #expect(truth.component(matching: "geo") == "mongodb-geo")
        #expect(truth.component(matching: " MongoDB-Geo ") == "mongodb-geo")
        #expect(truth.component(matching: "rate") == nil)
        #expect(truth.systemLevel == .application)
        #expect(truth.faultType == .authenticationIssue)
        #expect(RevokeAuthFault(service: .rate).groundTruth().faultyComponents == ["mongodb-rate"])
    }

    @Test func userUnregisteredIsAStorageIssueAsInAIOpsLab() {
        let truth = UserUnregisteredFault(service: .rate).groundTruth()
        #expect(truth.faultyComponents == ["mongodb-rate"])
        #expect(truth.aliases == ["mongodb-rate": ["rate"]])
        #expect(truth.systemLevel == .application)
        #expect(truth.faultType == .networkStorageIssue)
    }

    @Test func kubernetesObjectFaultsAreVirtualizationLevel() {
        let port = TargetPortMisconfigFault(service: "geo").groundTruth()
        #expect(port.faultyComponents == ["geo"])
        #expect(port.systemLevel == .virtualization && port.faultType == .misconfiguration)
        let scale = ScaleToZeroFault(service: "user").groundTruth()
        #expect(scale.faultyComponents == ["user"])
        #expect(scale.systemLevel == .virtualization && scale.faultType == .operationError)
        let node = AssignNonExistentNodeFault(service: "user").groundTruth()
        #expect(node.systemLevel == .virtualization && node.faultType == .dependencyProblem)
    }

    @Test func noopHasNoFault() {
        let truth = NoopFault().groundTruth()
        #expect(!truth.hasFault)
        #expect(truth.faultyComponents.isEmpty)
        #expect(truth.systemLevel == nil && truth.faultType == nil)
    }

    @Test func namesAreDistinct() {
        let faults: [any Fault] = [
            RevokeAuthFault(service: .geo), RevokeAuthFault(service: .rate), UserUnregisteredFault(service: .geo),
            TargetPortMisconfigFault(service: "geo"), ScaleToZeroFault(service: "geo"),
            AssignNonExistentNodeFault(service: "geo"), NoopFault(),
        ]
        #expect(Set(faults.map(\.name)).count == faults.count)
        #expect(faults[0].name == "revoke_auth_mongodb/geo")
    }

    @Test func mongoServicesKnowTheirDatabases() {
        #expect(MongoBackedService.geo.database == "geo-db")
        #expect(MongoBackedService.rate.mongoName == "mongodb-rate")
        #expect(MongoBackedService.rate.collection == "inventory")
        #expect(MongoBackedService.rate.variant == 2)
    }

    @Test func mongoScriptsUseTheLegacyShellAsAdmin() {
        let command = MongoAdminScript.command(MongoAdminScript.revokeReadWrite(.geo), as: .admin)
        #expect(
            Array(command.prefix(9)) == [
                "mongo", "admin", "-u", "admin", "-p", "admin", "--authenticationDatabase", "admin", "--quiet",
            ])
        #expect(command[9] == "--eval")
        #expect(command[10].contains(#"revokeRolesFromUser("admin", [{role: "readWrite", db: "geo-db"}])"#))
        #expect(MongoAdminScript.createAdmin(.rate).contains(#"{role: "readWrite", db: "rate-db"}"#))
        #expect(MongoAdminScript.createAdmin(.rate).contains(#"{role: "userAdminAnyDatabase", db: "admin"}"#))
        #expect(MongoAdminScript.command(MongoAdminScript.dropAdmin, as: .root)[3] == "root")
    }
}
