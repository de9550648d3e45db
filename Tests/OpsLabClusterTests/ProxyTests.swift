import Foundation
import NIOCore
import NIOPosix
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

@Suite("ServiceProxy")
struct ProxyTests {
    @Test("backends: named port, only port, not-ready skipped")
    func resolveBackends() {
        let endpoints: JSONValue = [
            "subsets": [
                [
                    "addresses": [["ip": "127.202.1.1", "targetRef": ["name": "a"]]],
                    "notReadyAddresses": [["ip": "127.202.1.9"]],
                    "ports": [["name": "http", "port": 8080], ["name": "admin", "port": 9001]],
                ],
                ["addresses": [["ip": "127.202.1.2"]], "ports": [["name": "other", "port": 7000]]],
            ]
        ]
        #expect(
            ProxyBackend.resolve(endpoints: endpoints, portName: "http") == [
                ProxyBackend(ip: "127.202.1.1", port: 8080, pod: "a"), ProxyBackend(ip: "127.202.1.2", port: 7000),
            ]
        )
        #expect(ProxyBackend.resolve(endpoints: endpoints, portName: "admin").map(\.port) == [9001, 7000])
        #expect(ProxyBackend.resolve(endpoints: ["subsets": []], portName: "").isEmpty)
    }

    @Test("round robin over ready backends")
    func roundRobin() {
        let table = ProxyRouteTable()
        table.update([
            "metadata": ["name": "web", "namespace": "default"],
            "subsets": [["addresses": [["ip": "127.202.1.1"], ["ip": "127.202.1.2"]], "ports": [["port": 80]]]],
        ])
        let target = ProxyTarget(namespace: "default", service: "web", port: 80)
        #expect(
            (0..<4).compactMap { _ in table.next(for: target)?.ip } == [
                "127.202.1.1", "127.202.1.2", "127.202.1.1", "127.202.1.2",
            ])
        table.remove(namespace: "default", name: "web")
        #expect(table.next(for: target) == nil)
    }

    @Test("listeners: TCP ports of services with a ClusterIP; headless and UDP skipped")
    func listenerPlan() {
        let services: [JSONValue] = [
            Self.service(ip: "127.202.0.10", ports: [["name": "http", "port": 80], ["port": 53, "protocol": "UDP"]]),
            Self.service(name: "headless", ip: "None", ports: [["port": 80]]),
        ]
        let plan = ProxyTarget.listeners(for: services)
        #expect(
            plan == [
                ProxyBinding(address: "127.202.0.10", port: 80): ProxyTarget(
                    namespace: "default", service: "echo", portName: "http", port: 80
                )
            ])
        #expect(ProxyServicesFile.entries(for: services) == ["echo.default": "127.202.0.10"])
    }

    @Test("listeners only for Service ports with a ready endpoint")
    func servableListeners() {
        let services: [JSONValue] = [
            Self.service(ip: "127.202.0.10", ports: [["name": "http", "port": 80]]),
            Self.service(name: "idle", ip: "127.202.0.11", ports: [["name": "http", "port": 80]]),
        ]
        let plan = ProxyTarget.listeners(for: services)
        let echo = ProxyBinding(address: "127.202.0.10", port: 80)
        let table = ProxyRouteTable()
        #expect(table.servable(plan).isEmpty, "no Endpoints at all")
        table.update(Self.endpoints(ip: nil, port: 8080))
        #expect(table.servable(plan).isEmpty, "only not-ready addresses")
        table.update(Self.endpoints(ip: "127.202.1.5", port: 8080))
        #expect(Array(table.servable(plan).keys) == [echo])
        table.update([
            "metadata": ["name": "idle", "namespace": "default"], "subsets": [["ports": [["port": 80]]]],
        ])
        #expect(Array(table.servable(plan).keys) == [echo], "a subset without addresses serves nothing")
        table.remove(namespace: "default", name: "echo")
        #expect(table.servable(plan).isEmpty)
    }

    @Test("services file is written atomically and reads back")
    func servicesFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-\(UUID())/services.json").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = ProxyServicesFile(path: path)
        try file.write(["a.default": "127.202.0.2"])
        try file.write(["a.default": "127.202.0.3", "b.ns": "127.202.0.4"])
        #expect(file.read() == ["a.default": "127.202.0.3", "b.ns": "127.202.0.4"])
        let directory = (path as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(leftovers == ["services.json"])
    }

    @Test(
        "live: forwards both ways, refuses without endpoints, resets on a wrong port, re-binds, closes on cancel",
        .timeLimit(.minutes(1))
    )
    func live() async throws {
        // Random addresses inside block 202 so parallel or leftover runs do not collide.
        let serviceIP = "127.202.0.\(Int.random(in: 10...250))"
        let podIP = "127.202.1.\(Int.random(in: 2...250))"
        let port = Int.random(in: 20_000...40_000)
        let backend = try await EchoServer.start(host: podIP)
        defer { backend.close() }
        let context = try SchedulerTests.makeContext(block: 202)
        defer { try? FileManager.default.removeItem(atPath: context.configuration.stateDirectory) }
        let store = context.store
        try await store.create(.namespaces, ["metadata": ["name": "default"]])
        try await store.create(
            .services, Self.service(ip: serviceIP, ports: [["name": "http", "port": .int(Int64(port))]])
        )
        try await store.create(.endpoints, Self.endpoints(ip: podIP, port: backend.port))

        let proxy = ServiceProxy(context: context, retryInterval: .milliseconds(200))
        let task = Task { try await proxy.run() }
        defer { task.cancel() }
        let listening = ProxyBinding(address: serviceIP, port: port)
        let target = ProxyTarget(namespace: "default", service: "echo", portName: "http", port: port)
        _ = try await SchedulerTests.eventually { proxy.currentBindings() == [listening] ? true : nil }
        _ = try await SchedulerTests.eventually { proxy.backends(for: target).isEmpty ? nil : true }

        #expect(await EchoServer.exchange(host: serviceIP, port: port, "hello, proxy") == "hello, proxy")
        let large = String(repeating: "0123456789abcdef", count: 64 * 1024)
        #expect(await EchoServer.exchange(host: serviceIP, port: port, large) == large)
        #expect(ProxyServicesFile(path: context.configuration.servicesFilePath).read() == ["echo.default": serviceIP])

        // No ready endpoints: the listener closes, so connections are refused (as kube-proxy's REJECT does).
        try await store.update(.endpoints, Self.endpoints(ip: nil, port: backend.port))
        _ = try await SchedulerTests.eventually { proxy.currentBindings().isEmpty ? true : nil }
        #expect(proxy.backends(for: target).isEmpty)
        #expect(TCPProbe.exchange(host: serviceIP, port: port, "hello") == .refused)

        // Wrong target port: the backend refuses, so the accepted client connection is reset.
        try await store.update(.endpoints, Self.endpoints(ip: podIP, port: 1))
        _ = try await SchedulerTests.eventually { proxy.currentBindings() == [listening] ? true : nil }
        #expect(proxy.backends(for: target).first?.port == 1)
        #expect(TCPProbe.exchange(host: serviceIP, port: port, "hello") == .reset)

        // Endpoints coming and going: the listener follows at once, every time.
        for round in 1...5 {
            try await store.update(.endpoints, Self.endpoints(ip: nil, port: backend.port))
            _ = try await SchedulerTests.eventually { proxy.currentBindings().isEmpty ? true : nil }
            #expect(TCPProbe.exchange(host: serviceIP, port: port, "off \(round)") == .refused)
            try await store.update(.endpoints, Self.endpoints(ip: podIP, port: backend.port))
            _ = try await SchedulerTests.eventually { proxy.currentBindings() == [listening] ? true : nil }
            #expect(TCPProbe.exchange(host: serviceIP, port: port, "on \(round)") == .closed("on \(round)"))
        }

        // Port change re-binds.
        let newPort = port + 1
        try await store.update(
            .services, Self.service(ip: serviceIP, ports: [["name": "http", "port": .int(Int64(newPort))]])
        )
        let moved = ProxyBinding(address: serviceIP, port: newPort)
        _ = try await SchedulerTests.eventually { proxy.currentBindings() == [moved] ? true : nil }
        #expect(await EchoServer.exchange(host: serviceIP, port: newPort, "moved") == "moved")
        #expect(TCPProbe.exchange(host: serviceIP, port: port, "old") == .refused)

        task.cancel()
        _ = try? await task.value
        #expect(proxy.currentBindings().isEmpty)
        #expect(TCPProbe.exchange(host: serviceIP, port: newPort, "gone") == .refused)
    }

    static func service(name: String = "echo", ip: String, ports: [JSONValue]) -> JSONValue {
        [
            "metadata": ["name": .string(name), "namespace": "default"],
            "spec": ["clusterIP": .string(ip), "ports": .array(ports), "selector": ["app": "echo"]],
        ]
    }

    static func endpoints(ip: String?, port: Int) -> JSONValue {
        var subset: JSONValue = ["ports": [["name": "http", "port": .int(Int64(port)), "protocol": "TCP"]]]
        if let ip {
            subset["addresses"] = [["ip": .string(ip)]]
        } else {
            subset["notReadyAddresses"] = [["ip": "127.202.1.1"]]
        }
        return ["metadata": ["name": "echo", "namespace": "default"], "subsets": [subset]]
    }
}

/// A TCP echo server for the proxy test: echoes bytes, and half-closes when the client does.
struct EchoServer {
    let channel: any Channel

    var port: Int { channel.localAddress?.port ?? 0 }

    static func start(host: String) async throws -> EchoServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(EchoHandler()) }
            }
            .bind(host: host, port: 0).get()
        return EchoServer(channel: channel)
    }

    func close() { channel.close(promise: nil) }

    /// Sends `text`, half-closes, and returns everything read until EOF; `nil` when the exchange failed, nothing
    /// came back, or it took longer than 5 seconds.
    static func exchange(host: String, port: Int, _ text: String) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask { await attempt(host: host, port: port, text) }
            group.addTask {
                try? await Task.sleep(for: .seconds(5))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private static func attempt(host: String, port: Int, _ text: String) async -> String? {
        do {
            let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true)
                        )
                    }
                }
            let received = try await client.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: text))
                outbound.finish()
                var buffer = ByteBuffer()
                for try await var chunk in inbound { buffer.writeBuffer(&chunk) }
                return String(buffer: buffer)
            }
            return received.isEmpty ? nil : received
        } catch {
            return nil
        }
    }
}

final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            let channel = context.channel
            context.writeAndFlush(NIOAny(channel.allocator.buffer(capacity: 0))).whenComplete { _ in
                channel.close(mode: .output, promise: nil)
            }
        }
        context.fireUserInboundEventTriggered(event)
    }
}
