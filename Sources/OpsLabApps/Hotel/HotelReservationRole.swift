import Foundation
import OpsLabCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `hotelreservation` role: image `yinfangchen/hotelreservation`, one binary per service selected by the
/// container command (`frontend`, `search`, `geo`, `rate`, `profile`, `recommendation`, `reservation`, `user`),
/// so a Deployment whose command says `geo` runs geo whatever its name.
///
/// Each service listens on `$POD_IP` at its port, reaches peers and datastores through Kubernetes Services,
/// logs zerolog-style lines to stdout, and exits 1 (`log.Fatal`) or 2 (panic) where the original does.
public struct HotelReservationRole: Sendable {
    /// The container's command and args.
    public var arguments: [String]
    /// The container's environment.
    public var environment: [String: String]
    /// The log.
    public var logger: HotelLogger
    /// Database addresses that differ from the baked-in `config.json` (a buggy image's config), by service.
    public var databaseAddresses: [HotelService: String]

    /// Creates the role.
    public init(
        arguments: [String], environment: [String: String], logger: HotelLogger = HotelLogger(),
        databaseAddresses: [HotelService: String] = [:]
    ) {
        self.arguments = arguments
        self.environment = environment
        self.logger = logger
        self.databaseAddresses = databaseAddresses
    }

    /// The service a command names: `geo`, `./geo` or `/go/bin/geo`; `nil` when it names none.
    public static func service(forCommand command: String) -> HotelService? {
        let base = command.split(separator: "/").last.map(String.init) ?? command
        return HotelService(rawValue: base)
    }

    /// The address to listen on.
    public var host: String { environment["POD_IP"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1" }

    /// Runs the service the command names until SIGTERM (exit 0) or a fatal error (exit 1 or 2).
    public func run() async throws -> Int32 {
        guard let command = arguments.first else {
            RoleOutput.writeError("exec: no command given; expected one of \(Self.commands)\n")
            return 127
        }
        guard let service = Self.service(forCommand: command) else {
            let text = "exec: \"\(command)\": executable file not found in $PATH\n"
            RoleOutput.writeError(text)
            return 127
        }
        let resolver = ServiceResolver(environment: environment)
        let http = RoleHTTPClient(resolver: resolver, timeout: .seconds(5))
        defer { http.close() }
        do {
            let handler = try await makeHandler(service, resolver: resolver, http: http)
            return try await serve(service, handler: handler)
        } catch let fatal as HotelFatalError {
            return Self.crash(fatal, logger: logger)
        }
    }

    /// The commands the image knows.
    public static var commands: [String] { HotelService.allCases.map(\.rawValue) }

    /// Logs the start-up lines, prepares datastores and returns the HTTP handler of `service`.
    func makeHandler(
        _ service: HotelService, resolver: ServiceResolver, http: RoleHTTPClient
    ) async throws
        -> @Sendable (RoleHTTPRequest) async -> RoleHTTPResponse
    {
        let main = service.mainFile
        logger.info("\(main):24", "Reading config...")
        let peers = HotelHTTPTransport(http: http)
        if service == .frontend || service == .search {
            logger.info("\(main):36", "Read target port: \(service.port)")
            logger.info("\(main):48", "Initializing gRPC clients (peers through Kubernetes Services)...")
            if service == .frontend {
                let frontend = FrontendService(peers: peers, logger: logger)
                return { await frontend.respond($0) }
            }
            return router(SearchService(peers: peers, logger: logger))
        }
        let address = databaseAddresses[service] ?? service.mongoAddress ?? ""
        logger.info("\(main):37", "Read database URL: \(address)")
        logger.info("\(main):38", "Initializing DB connection...")
        let store = HotelDatastores.documentStore(for: service, address: databaseAddresses[service], http: http)
        let bootstrap = HotelBootstrap(service: service, store: store, logger: logger)
        try await bootstrap.dial()
        var cache: (any HotelCache)?
        if let memcached = service.memcachedAddress {
            logger.info("\(main):41", "Read \(service.rawValue) memcashed address: \(memcached)")
            logger.info("\(main):42", "Initializing Memcashed client...")
            cache = HotelDatastores.cache(address: memcached, resolver: resolver)
        }
        let server: any HotelRPCServer
        switch service {
        case .geo: server = try await GeoService.load(bootstrap)
        case .user: server = try await UserService.load(bootstrap)
        case .recommendation: server = try await RecommendationService.load(bootstrap)
        case .rate:
            try await RateService.seed(bootstrap)
            server = RateService(store: store, cache: cache ?? HotelMemoryCache(), logger: logger)
        case .profile:
            try await ProfileService.seed(bootstrap)
            server = ProfileService(store: store, cache: cache ?? HotelMemoryCache(), logger: logger)
        default:
            try await ReservationService.seed(bootstrap)
            server = ReservationService(store: store, cache: cache ?? HotelMemoryCache(), logger: logger)
        }
        logger.info("\(main):44", "Successfull")
        logger.info("\(main):47", "Read target port: \(service.port)")
        return router(server)
    }

    private func router(_ server: any HotelRPCServer) -> @Sendable (RoleHTTPRequest) async -> RoleHTTPResponse {
        let logger = self.logger
        let router = HotelRPCRouter(
            server: server,
            onFatal: { fatal in
                let code = Self.crash(fatal, logger: logger)
                // Give the tracer a moment to export the spans that record why (nothing to do without one).
                FatalExitHook.run()
                exit(code)
            })
        return { await router.respond($0) }
    }

    /// Serves until SIGTERM/SIGINT.
    private func serve(
        _ service: HotelService, handler: @escaping @Sendable (RoleHTTPRequest) async -> RoleHTTPResponse
    ) async throws -> Int32 {
        let server = RoleHTTPServer(host: host, port: service.port, handler: handler)
        let logger = self.logger
        let host = self.host
        return try await withThrowingTaskGroup(of: Int32.self) { group in
            group.addTask {
                try await server.run(onListening: { port in
                    logger.info("\(service.mainFile):79", "Starting server at \(host):\(port)...")
                })
                return 0
            }
            group.addTask {
                _ = await TerminationSignal.wait()
                return 0
            }
            let code = try await group.next() ?? 0
            group.cancelAll()
            return code
        }
    }

    /// Logs a fatal error as the original would and returns the exit code (1 for FTL, 2 for a panic).
    @discardableResult
    static func crash(_ fatal: HotelFatalError, logger: HotelLogger) -> Int32 {
        logger.log(fatal.level, fatal.caller, fatal.message)
        if fatal.level == .panic {
            let trace =
                "panic: \(fatal.message)\n\ngoroutine 1 [running]:\nmain.main()\n\t/go/src/github.com/"
                + "harlow/go-micro-services/\(fatal.caller)\n"
            RoleOutput.writeError(trace)
        }
        return fatal.exitCode
    }
}
