import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabFaults
import OpsLabKube
import Testing

/// Inject, observe, recover and judge `misconfig_app` and `wrong_bin_usage` in a live embedded cluster.
@Suite("Misconfig app and wrong binary live", .serialized)
struct MisconfigAndBinaryLiveTests {
    @Test(.timeLimit(.minutes(3)))
    func injectObserveRecover() async throws {
        try await FaultTestCluster.withHotelReservation { _, env, url in
            try await misconfigApp(env)
            try await wrongBinary(env, url: url)
        }
    }

    private func misconfigApp(_ env: FaultEnvironment) async throws {
        let fault = MisconfigAppFault()
        let before = try await spec("geo", env)
        try await fault.inject(env)
        var crashed = ""
        try await waitFor(60, "the buggy geo pod crashes") {
            for pod in try await env.pods(of: "geo") where Self.image(of: pod) == MisconfigAppFault.buggyImage {
                let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
                if statuses.contains(where: { ($0["restartCount"]?.intValue ?? 0) > 0 }) {
                    crashed = pod.name
                    return true
                }
            }
            return false
        }
        let current = await env.kubectl.run(["logs", "-n", env.namespace, crashed])
        let previous = await env.kubectl.run(["logs", "-n", env.namespace, crashed, "--previous"])
        let log = current.stdout + previous.stdout + previous.stderr
        #expect(log.contains("Read database URL: mongodb-geo:27777"), "\(log)")
        #expect(log.contains("no reachable servers"), "\(log)")
        try await waitFor(30, "geo is in CrashLoopBackOff") {
            try await env.pods(of: "geo").contains { pod in
                (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []).contains {
                    $0[path: ["state", "waiting", "reason"]]?.stringValue == "CrashLoopBackOff"
                }
            }
        }
        let broken = try await fault.mitigated(env)
        #expect(!broken.success)
        #expect(broken.reasons.contains { $0.contains("runs image yinfangchen/geo:app3") }, "\(broken)")
        try await fault.recover(env)
        let verdict = try await fault.waitUntilMitigated(env, timeout: .seconds(30))
        #expect(verdict.success, "\(verdict)")
        #expect(try await spec("geo", env) == before)
    }

    private func wrongBinary(_ env: FaultEnvironment, url: String) async throws {
        let fault = WrongBinaryFault()
        let before = try await spec("profile", env)
        try await fault.inject(env)
        try await waitFor(30, "profile's only pod runs geo, Running and Ready") {
            let pods = try await env.pods(of: "profile").filter { !$0.isTerminating }
            return pods.count == 1
                && pods.allSatisfy { pod in
                    Self.command(of: pod) == ["geo"]
                        && (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []).allSatisfy {
                            $0["ready"]?.boolValue == true
                        }
                }
        }
        try await waitFor(20, "/hotels fails") { await httpStatus(url) == 500 }
        let broken = try await fault.mitigated(env)
        #expect(!broken.success)
        #expect(
            broken.reasons.contains("deployment profile runs command [geo], which does not contain profile"),
            "\(broken)")
        try await fault.recover(env)
        let verdict = try await fault.waitUntilMitigated(env, timeout: .seconds(30))
        #expect(verdict.success, "\(verdict)")
        #expect(try await spec("profile", env) == before)
        try await waitFor(20, "/hotels answers 200 again") { await httpStatus(url) == 200 }
    }

    private static func image(of pod: JSONValue) -> String? {
        pod[path: ["spec", "containers"]]?[0]?["image"]?.stringValue
    }

    private static func command(of pod: JSONValue) -> [String] {
        (pod[path: ["spec", "containers"]]?[0]?["command"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    private func spec(_ name: String, _ env: FaultEnvironment) async throws -> JSONValue? {
        try await env.client.get(.deployments, namespace: env.namespace, name: name)["spec"]
    }
}
