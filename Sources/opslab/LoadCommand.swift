import ArgumentParser
import Foundation
import OpsLabWorkload

/// `opslab load APP --rate R --duration D …`: an open-loop, wrk2-style HTTP load against an app or a URL.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Drive an open-loop (wrk2-style) HTTP load against an app's entry Service or a URL.",
        discussion: """
            Requests are scheduled at a constant rate (fixed or exponential gaps, seeded), sent over keep-alive
            connections with at most one request in flight each, and their latency is measured from the intended
            send time (coordinated-omission corrected), as wrk2 does. Results are printed in wrk2's format.

            Apps: \(LoadApplication.all.map(\.name).joined(separator: ", ")). The app's entry Service is found
            through the cluster's kubeconfig in the state directory (--state-dir, else $OPSLAB_HOME, else
            ./.opslab); hotel-reservation sends DeathStarBench's mixed workload to frontend:5000 in namespace
            test-hotel-reservation. With --url and no app, every request is a GET of that URL.

            Examples:
              opslab load hotel-reservation --rate 100 --duration 30s
              opslab load --url http://127.0.0.1:8080/ --rate 5000 --duration 10s --connections 16
            """
    )

    @Argument(help: "The app to load (\(LoadApplication.all.map(\.name).joined(separator: ", "))); omit with --url.")
    var app: String?

    @Option(help: "Send to this base URL (http://host:port[/path]) instead of the app's Service.")
    var url: String?

    @OptionGroup var options: LoadOptions

    @OptionGroup var state: StateDirectoryOptions

    func validate() throws {
        if let app, LoadApplication.named(app) == nil {
            throw ValidationError(
                "unknown app '\(app)'; available apps: \(LoadApplication.all.map(\.name).joined(separator: ", "))")
        }
        if app == nil && url == nil {
            throw ValidationError(
                "give an app (\(LoadApplication.all.map(\.name).joined(separator: ", "))) or --url URL")
        }
    }

    func run() async throws {
        let application = app.flatMap(LoadApplication.named)
        let baseURL: String
        if let url {
            baseURL = url
        } else if let application {
            do {
                baseURL = try await ServiceAddressLookup.url(
                    stateDirectory: state.resolved, namespace: application.namespace, service: application.service,
                    port: application.port)
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
        } else {
            throw ValidationError("give an app or --url URL")
        }
        let configuration = try options.configuration(url: baseURL)
        let generator = LoadGenerator(configuration: configuration, source: application?.source)
        let report = try await LoadRunner.run(generator, showProgress: !options.quiet)
        print(report.wrkText(includeSpectrum: options.spectrum), terminator: "")
        if report.interrupted { throw ExitCode(130) }
    }
}
