import Foundation
import Testing

@testable import OpsLabApps

@Suite("Role telemetry: labels, names and /proc parsing")
struct TelemetryValueTests {
    @Test("route templates replace ids and drop queries; the limit folds new routes into other")
    func routeTemplates() {
        #expect(RouteTemplate.template(for: "/hotels?lat=1") == "/hotels")
        #expect(RouteTemplate.template(for: "/geo.Geo/Nearby") == "/geo.Geo/Nearby")
        #expect(RouteTemplate.template(for: "/user/42/orders/7") == "/user/:id/orders/:id")
        #expect(RouteTemplate.template(for: "/r/3f2b8c1e-0d4a-4b7e-9c1a-2b3c4d5e6f70") == "/r/:id")
        #expect(RouteTemplate.template(for: "/blob/deadbeef0123") == "/blob/:id")
        #expect(RouteTemplate.template(for: "/v2/api") == "/v2/api")
        #expect(RouteTemplate.template(for: "") == "/")
        let limited = RouteTemplate(limit: 2)
        #expect(limited.label(for: "/a") == "/a")
        #expect(limited.label(for: "/b/1") == "/b/:id")
        #expect(limited.label(for: "/c") == "other")
        #expect(limited.label(for: "/b/2") == "/b/:id")
        #expect(RouteTemplate.method("get") == "GET")
        #expect(RouteTemplate.method("BREW") == "_OTHER")
    }

    @Test("service names come from OTEL_SERVICE_NAME, the pod's workload, or the command")
    func serviceNames() {
        #expect(RoleTelemetry.workloadName(ofPod: "geo-7c9d5b8f4d-x2k9q") == "geo")
        #expect(RoleTelemetry.workloadName(ofPod: "mongodb-geo-5ff578bcb8-abcde") == "mongodb-geo")
        #expect(RoleTelemetry.workloadName(ofPod: "memcached-rate-x2k9q") == "memcached-rate")
        #expect(RoleTelemetry.workloadName(ofPod: "standalone") == "standalone")
        #expect(
            RoleTelemetry.serviceName(environment: ["OTEL_SERVICE_NAME": "svc", "POD_NAME": "geo-1"], arguments: [])
                == "svc")
        #expect(RoleTelemetry.serviceName(environment: [:], arguments: ["/go/bin/geo"]) == "geo")
        #expect(RoleTelemetry.serviceName(environment: [:], arguments: []) == "unknown")
    }

    @Test("error classes name the client failure kind")
    func errorClasses() {
        #expect(
            RoleTelemetry.errorClass(of: RoleHTTPClientError(kind: .connectionRefused, message: ""))
                == "connection_refused")
        #expect(RoleTelemetry.errorClass(of: RoleHTTPClientError(kind: .timeout, message: "")) == "timeout")
        #expect(RoleTelemetry.errorClass(of: CancellationError()) == "cancelled")
        #expect(DocumentStoreClient.outcome(of: DocumentStoreError.authenticationFailed) == "AuthenticationFailed")
        let refused = RoleHTTPClientError(kind: .connectionRefused, message: "refused")
        #expect(
            DocumentStoreClient.outcome(
                of: DocumentStoreError(code: 0, codeName: "", message: "no reachable servers", underlying: refused))
                == "unreachable")
    }

    @Test("/proc status and stat lines parse into bytes and clock ticks")
    func procParsing() throws {
        let status = "Name:\tgeo\nVmSize:\t  123456 kB\nVmRSS:\t    2048 kB\n"
        #expect(ProcessStats.kilobytes(named: "VmRSS", in: status) == Double(2048 * 1024))
        #expect(ProcessStats.kilobytes(named: "VmSize", in: status) == Double(123_456 * 1024))
        #expect(ProcessStats.kilobytes(named: "VmSwap", in: status) == nil)
        let stat = "4242 (opslab pod) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 8 0 98765 1000 200"
        let fields = try #require(ProcessStats.statFields(stat))
        #expect(fields.userTicks == 250 && fields.systemTicks == 50 && fields.startTicks == 98765)
        #expect(ProcessStats.bootTime(in: "cpu 1 2 3\nbtime 1700000000\n") == Double(1_700_000_000))
        #if os(Linux)
        let current = ProcessStats.current()
        #expect((current.residentBytes ?? 0) > 0)
        #expect((current.startTime ?? 0) > 1_600_000_000)
        #endif
    }
}

@Suite("NetDial source address")
struct NetDialSourceTests {
    @Test("pods dial from their own loopback IP; anything else lets the kernel choose")
    func sourceAddress() {
        #expect(NetDial.source(podIP: "127.9.1.4")?.ipAddress == "127.9.1.4")
        #expect(NetDial.source(podIP: nil) == nil)
        #expect(NetDial.source(podIP: "10.0.0.1") == nil)
        #expect(NetDial.source(podIP: "not an ip") == nil)
    }
}
