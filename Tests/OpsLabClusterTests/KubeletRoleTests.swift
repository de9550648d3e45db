import Foundation
import OpsLabApps
import Testing

@Suite("Kubelet roles")
struct KubeletRoleTests {
    @Test func echoRoutes() {
        let role = EchoRole(arguments: [], environment: ["POD_NAME": "echo-1", "POD_IP": "127.9.1.2", "PORT": "9000"])
        #expect(role.host == "127.9.1.2")
        #expect(role.port == 9000)
        #expect(role.respond(method: "GET", uri: "/").body == "hello from echo-1\n")
        #expect(role.respond(method: "GET", uri: "/?x=1").status == 200)
        #expect(role.respond(method: "GET", uri: "/healthz") == (200, "ok"))
        #expect(role.respond(method: "GET", uri: "/missing").status == 404)
        let fallback = EchoRole(arguments: [], environment: [:])
        #expect(fallback.host == "127.0.0.1" && fallback.port == 8080)
    }

    @Test func serviceResolverNames() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("services-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = #"{"geo.hotel": "127.9.0.5", "geo.other": "127.9.0.6"}"#
        try table.write(toFile: path, atomically: true, encoding: .utf8)
        let resolver = ServiceResolver(environment: ["OPSLAB_SERVICES_FILE": path, "POD_NAMESPACE": "hotel"])
        #expect(resolver.resolve("geo") == "127.9.0.5")
        #expect(resolver.resolve("geo.other") == "127.9.0.6")
        #expect(resolver.resolve("geo.hotel.svc") == "127.9.0.5")
        #expect(resolver.resolve("geo.other.svc.cluster.local") == "127.9.0.6")
        #expect(resolver.resolve("profile") == nil)
        #expect(resolver.resolve("127.0.0.9") == "127.0.0.9")
    }

    @Test func unknownRoleThrows() async {
        await #expect(throws: RoleError.self) {
            _ = try await Roles.run(role: "nope", arguments: [], environment: [:])
        }
    }
}
