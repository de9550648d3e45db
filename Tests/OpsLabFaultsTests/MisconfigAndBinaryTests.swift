import OpsLabApps
import OpsLabCore
import OpsLabFaults
import Testing

@Suite("Misconfig app and wrong binary faults")
struct MisconfigAndBinaryTests {
    static func deployment(_ name: String, image: String, command: [String]?) -> JSONValue {
        var container: JSONValue = ["name": .string("hotel-reserv-\(name)"), "image": .string(image)]
        if let command { container["command"] = .array(command.map(JSONValue.string)) }
        return [
            "metadata": ["name": .string(name)],
            "spec": ["template": ["spec": ["containers": [container]]]],
        ]
    }

    @Test func groundTruthsFollowAIOpsLab() {
        let misconfig = MisconfigAppFault().groundTruth()
        #expect(misconfig.hasFault)
        #expect(misconfig.faultyComponents == ["geo"])
        #expect(misconfig.systemLevel == .application && misconfig.faultType == .misconfiguration)
        let binary = WrongBinaryFault().groundTruth()
        #expect(binary.faultyComponents == ["profile"])
        #expect(binary.component(matching: " Profile ") == "profile")
        #expect(binary.component(matching: "geo") == nil)
        #expect(binary.systemLevel == .application && binary.faultType == .networkStorageIssue)
        #expect(MisconfigAppFault().name == "misconfig_app/geo")
        #expect(WrongBinaryFault().name == "wrong_bin_usage/profile")
    }

    @Test func buggyImageIsARegisteredRoleVariant() {
        #expect(MisconfigAppFault.buggyImage == Roles.hotelBuggyGeoImage)
        let roles = Dictionary(Roles.images.map { ($0.image, $0.role) }, uniquingKeysWith: { first, _ in first })
        #expect(roles[MisconfigAppFault.buggyImage] == "hotelreservation-geo-app3")
        #expect(roles[MisconfigAppFault.defaultImage] == "hotelreservation")
        #expect(Roles.hotelBuggyGeoDatabaseAddress == "mongodb-geo:27777")
        #expect(HotelService.geo.mongoURL(at: "mongodb-geo:27777") == "mongodb://admin:admin@mongodb-geo:27777")
        #expect(HotelService.profile.mongoURL(at: "x:1") == "mongodb://x:1")
        #expect(HotelService.geo.mongoURL == "mongodb://admin:admin@mongodb-geo:27017")
    }

    @Test func imageCheckFlagsOnlyTheBuggyImage() {
        let broken = Self.deployment("geo", image: MisconfigAppFault.buggyImage, command: ["geo"])
        #expect(
            MisconfigAppFault.imageProblems(broken)
                == ["deployment geo container hotel-reserv-geo runs image yinfangchen/geo:app3"])
        let fixed = Self.deployment("geo", image: MisconfigAppFault.defaultImage, command: ["geo"])
        #expect(MisconfigAppFault.imageProblems(fixed).isEmpty)
    }

    @Test func containerIndexPrefersTheServiceContainer() throws {
        var deployment = Self.deployment("geo", image: "a", command: nil)
        deployment[path: ["spec", "template", "spec", "containers"]] = [
            ["name": "sidecar", "image": "b"], ["name": "hotel-reserv-geo", "image": "a"],
        ]
        #expect(try MisconfigAppFault.containerIndex(deployment, service: "geo") == 1)
        #expect(try MisconfigAppFault.containerIndex(deployment, service: "other") == 0)
        deployment[path: ["spec", "template", "spec", "containers"]] = []
        #expect(throws: FaultError.self) { try MisconfigAppFault.containerIndex(deployment, service: "geo") }
    }

    @Test func commandCheckRequiresTheServiceName() {
        let image = MisconfigAppFault.defaultImage
        let broken = Self.deployment("profile", image: image, command: ["geo"])
        #expect(
            WrongBinaryFault.commandProblems(broken, service: "profile")
                == ["deployment profile runs command [geo], which does not contain profile"])
        let fixed = Self.deployment("profile", image: image, command: ["/go/bin/profile"])
        #expect(WrongBinaryFault.commandProblems(fixed, service: "profile").isEmpty)
        let none = Self.deployment("profile", image: image, command: nil)
        #expect(WrongBinaryFault.commandProblems(none, service: "profile").count == 1)
    }

    @Test func recoverRestoresARecordedCommandOnlyWhenItNamesTheService() {
        let path: JSONValue = ["/go/bin/profile"]
        #expect(WrongBinaryFault.restoredCommand(original: path, service: "profile") == path)
        let original: JSONValue = ["./profile", "profile"]
        #expect(WrongBinaryFault.restoredCommand(original: original, service: "profile") == original)
        #expect(WrongBinaryFault.restoredCommand(original: ["geo"], service: "profile") == ["profile"])
        #expect(WrongBinaryFault.restoredCommand(original: .null, service: "profile") == ["profile"])
        #expect(WrongBinaryFault.restoredCommand(original: nil, service: "profile") == ["profile"])
    }
}
