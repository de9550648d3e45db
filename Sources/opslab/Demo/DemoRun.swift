import ArgumentParser
import Foundation
import Logging
import OpsLabApps
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import OpsLabWorkload

/// The steps of `opslab demo`, each timed and reported on stdout.
struct DemoRun: Sendable {
    var stateDirectory: String
    var rate: Double
    var duration: Duration
    var seed: UInt64

    func run() async throws {
        let block = ClusterBlock.choose(stateDirectory: stateDirectory, apiPort: 6443)
        let configuration = ClusterConfiguration(
            stateDirectory: stateDirectory, block: block, executablePath: try ProcessControl.executablePath())
        var catalog = ImageCatalog()
        for (image, role) in Roles.images { catalog.register(image, role: role) }
        var logger = Logger(label: "opslab.demo")
        logger.logLevel = .error
        let cluster = EmbeddedCluster(configuration: configuration, catalog: catalog, logger: logger)
        let clusterTask = Task { try await cluster.run() }
        defer { clusterTask.cancel() }
        do {
            try await steps(configuration)
        } catch {
            clusterTask.cancel()
            _ = await clusterTask.result
            throw error
        }
        let stopping = ContinuousClock.now
        clusterTask.cancel()
        _ = await clusterTask.result
        say("5/5 Cluster stopped, every pod process ended (\(ClusterProbe.format(ContinuousClock.now - stopping))).")
    }

    private func steps(_ configuration: ClusterConfiguration) async throws {
        var started = ContinuousClock.now
        while !(await ClusterProbe.isReady(kubeconfigPath: configuration.kubeconfigPath)) {
            try await Task.sleep(for: .milliseconds(50))
            if ContinuousClock.now - started > .seconds(30) {
                throw ValidationError("the API server did not come up within 30 s")
            }
        }
        say("1/5 Embedded cluster up at \(configuration.serverURL) (\(elapsed(since: started))).")

        started = ContinuousClock.now
        let kubeconfig = try Kubeconfig.load(path: configuration.kubeconfigPath)
        let client = KubeClient(transport: try HTTPSTransport(kubeconfig: kubeconfig))
        guard let app = AppCatalog.app(named: "hotel-reservation") else {
            throw ValidationError("the hotel-reservation app is missing from this build")
        }
        let deployer = AppDeployer(client: client)
        _ = try await deployer.apply(app)
        let progress = ProgressLine()
        let readiness = try await deployer.waitUntilReady(app, timeout: .seconds(300)) {
            progress.show($0.progressLine)
        }
        progress.finish()
        say(
            "2/5 hotel-reservation deployed: \(readiness.ready)/\(readiness.expected) pods Ready (\(elapsed(since: started)))."
        )

        started = ContinuousClock.now
        let service = try await client.get(.services, namespace: app.namespace, name: "frontend")
        let address = service[path: ["spec", "clusterIP"]]?.stringValue ?? ""
        let base = "http://\(address):5000"
        let probe = "/hotels?inDate=2015-04-09&outDate=2015-04-10&lat=37.7867&lon=-122.4112"
        var answer = ""
        while ContinuousClock.now - started < .seconds(30) {
            if let text = try? await Self.get(base + probe), text.contains("FeatureCollection") {
                answer = text
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        guard !answer.isEmpty else { throw ValidationError("the frontend did not answer /hotels within 30 s") }
        let hotels = (try? JSONValue(parsing: answer))?["features"]?.arrayValue?.count ?? 0
        say("3/5 GET \(base)\(probe) → \(hotels) hotels, computed through search → geo/rate → databases.")

        let load = LoadConfiguration(
            url: base, rate: rate, duration: duration, connections: 4, threads: 2, distribution: .exponential,
            timeout: .seconds(2), seed: seed)
        say("4/5 Open-loop mixed workload (\(Int(rate)) req/s for \(DurationText.format(duration)), seed \(seed)):")
        let report = try await LoadRunner.run(
            LoadGenerator(configuration: load, source: HotelReservationWorkload()), showProgress: true)
        FileHandle.standardOutput.write(Data(report.wrkText().utf8))
        let pods = await Kubectl(client: client).run(["get", "pods", "-n", app.namespace, "-o", "wide"])
        FileHandle.standardOutput.write(Data(pods.stdout.utf8))
    }

    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func elapsed(since start: ContinuousClock.Instant) -> String {
        ClusterProbe.format(ContinuousClock.now - start)
    }

    /// A plain GET through the Service, as any client of the app would make it.
    static func get(_ url: String) async throws -> String {
        let client = RoleHTTPClient(resolver: nil, timeout: .seconds(2))
        let response = try await client.send("GET", url)
        return response.status == 200 ? response.bodyText : ""
    }
}
