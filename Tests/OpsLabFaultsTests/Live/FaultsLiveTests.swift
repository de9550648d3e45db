import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabFaults
import OpsLabKube
import Testing

/// Inject, observe, recover and judge faults on HotelReservation in a live embedded cluster.
@Suite("Faults live", .serialized)
struct FaultsLiveTests {
    @Test(.timeLimit(.minutes(2)))
    func injectObserveRecover() async throws {
        try await FaultTestCluster.withHotelReservation { _, env, url in
            let control = try await NoopFault().waitUntilMitigated(env, timeout: .seconds(15))
            #expect(control.success, "\(control)")

            try await revokeAuth(env)
            try await targetPort(env, url: url)
            try await scaleToZero(env)
            try await userUnregistered(env)
            try await nonExistentNode(env)
        }
    }

    private func userUnregistered(_ env: FaultEnvironment) async throws {
        let fault = UserUnregisteredFault(service: .rate)
        let before = try await spec(.deployments, "rate", env)
        try await fault.inject(env)
        try await waitFor(20, "rate crashes without its user") {
            try await env.pods(of: "rate").contains { pod in
                (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []).contains {
                    ($0["restartCount"]?.intValue ?? 0) > 0
                }
            }
        }
        #expect(!(try await fault.mitigated(env).success))
        try await fault.recover(env)
        let verdict = try await fault.waitUntilMitigated(env, timeout: .seconds(20))
        #expect(verdict.success, "\(verdict)")
        #expect(try await spec(.deployments, "rate", env) == before)
    }

    private func nonExistentNode(_ env: FaultEnvironment) async throws {
        let fault = AssignNonExistentNodeFault(service: "user")
        let before = try await spec(.deployments, "user", env)
        try await fault.inject(env)
        try await waitFor(15, "a user pod is Pending") {
            try await env.pods(of: "user").contains { $0[path: ["status", "phase"]]?.stringValue == "Pending" }
        }
        let broken = try await fault.mitigated(env)
        #expect(broken.reasons.contains { $0.contains("which no node matches") }, "\(broken)")
        try await fault.recover(env)
        let verdict = try await fault.waitUntilMitigated(env, timeout: .seconds(20))
        #expect(verdict.success, "\(verdict)")
        #expect(try await spec(.deployments, "user", env) == before)
    }

    private func revokeAuth(_ env: FaultEnvironment) async throws {
        let fault = RevokeAuthFault(service: .geo)
        let before = try await spec(.deployments, "geo", env)
        try await fault.inject(env)
        try await waitFor(20, "geo crashes after the role is revoked") {
            try await env.pods(of: "geo").contains { pod in
                (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []).contains {
                    $0[path: ["state", "waiting", "reason"]]?.stringValue == "CrashLoopBackOff"
                        || ($0["restartCount"]?.intValue ?? 0) > 0
                }
            }
        }
        let broken = try await fault.mitigated(env)
        #expect(!broken.success)
        #expect(broken.reasons.contains { $0.contains("admin cannot read geo-db") }, "\(broken)")
        try await fault.recover(env)
        let verdict = try await fault.waitUntilMitigated(env, timeout: .seconds(20))
        #expect(verdict.success, "\(verdict)")
        #expect(try await spec(.deployments, "geo", env) == before)
    }

    private func targetPort(_ env: FaultEnvironment, url: String) async throws {
        let fault = TargetPortMisconfigFault(service: "geo")
        let before = try await spec(.services, "geo", env)
        try await fault.inject(env)
        try await waitFor(10, "geo endpoints on port 9999") {
            let endpoints = try await env.client.get(.endpoints, namespace: env.namespace, name: "geo")
            let ports = (endpoints["subsets"]?.arrayValue ?? []).flatMap { $0["ports"]?.arrayValue ?? [] }
            return ports.contains { $0["port"]?.intValue == 9999 }
        }
        try await waitFor(15, "/hotels fails") { await httpStatus(url) == 500 }
        let broken = try await fault.mitigated(env)
        #expect(!broken.success)
        #expect(broken.reasons.contains { $0.contains("targets 9999") }, "\(broken)")
        try await fault.recover(env)
        let verdict = try await fault.waitUntilMitigated(env, timeout: .seconds(10))
        #expect(verdict.success, "\(verdict)")
        #expect(try await spec(.services, "geo", env) == before)
        try await waitFor(15, "/hotels answers 200 again") { await httpStatus(url) == 200 }
    }

    private func scaleToZero(_ env: FaultEnvironment) async throws {
        let fault = ScaleToZeroFault(service: "geo")
        let before = try await spec(.deployments, "geo", env)
        try await fault.inject(env)
        try await waitFor(15, "geo has no pods") { try await env.pods(of: "geo").isEmpty }
        let broken = try await fault.mitigated(env)
        #expect(broken.reasons.contains("deployment geo is scaled to 0 replicas"), "\(broken)")
        try await fault.recover(env)
        let verdict = try await fault.waitUntilMitigated(env, timeout: .seconds(15))
        #expect(verdict.success, "\(verdict)")
        #expect(try await spec(.deployments, "geo", env) == before)
    }

    private func spec(_ type: ResourceType, _ name: String, _ env: FaultEnvironment) async throws -> JSONValue? {
        try await env.client.get(type, namespace: env.namespace, name: name)["spec"]
    }
}
