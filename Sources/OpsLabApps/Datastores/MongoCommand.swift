import Foundation
import OpsLabCore

/// The `mongo` command line (legacy 4.4 shell) as run inside a mongodb pod by `kubectl exec … -- mongo …`.
///
/// `mongo [db | host[:port]/db | mongodb://…] [-u user] [-p pwd] [--authenticationDatabase db] [--host h]
/// [--port n] [--quiet] [--eval "…"]`; without `--eval` the statements come from stdin (then `bye`).
/// Connects to `--host`, else `$POD_IP`, else 127.0.0.1, port 27017. Exit codes as the shell's: 0, 1 when the
/// connection or authentication fails, 252 when `--eval` throws, 2 for bad options.
public enum MongoCommand {
    /// Parsed command-line options.
    public struct Options: Sendable, Equatable {
        /// The database to start in (`test` when not given).
        public var database = "test"
        /// The host, if given.
        public var host: String?
        /// The port.
        public var port = 27017
        /// `-u`.
        public var user: String?
        /// `-p`.
        public var password: String?
        /// `--authenticationDatabase` (defaults to the database).
        public var authenticationDatabase: String?
        /// `--quiet`.
        public var quiet = false
        /// `--eval` scripts, in order.
        public var eval: [String] = []
        /// `--version`.
        public var showVersion = false

        /// Defaults.
        public init() {}
    }

    /// Parses arguments (a leading `mongo` is skipped).
    public static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments
        if let first = rest.first, first == "mongo" || first.hasSuffix("/mongo") { rest.removeFirst() }
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < rest.count else {
                throw MongoShellError(
                    "error parsing command line options: the required argument for option '\(name)' is missing")
            }
            return rest[index]
        }
        while index < rest.count {
            let argument = rest[index]
            let (flag, inline) = split(argument)
            switch flag {
            case "-u", "--username": options.user = try inline ?? value(flag)
            case "-p", "--password": options.password = try inline ?? value(flag)
            case "--authenticationDatabase": options.authenticationDatabase = try inline ?? value(flag)
            case "--host": options.host = try inline ?? value(flag)
            case "--port":
                let text = try inline ?? value(flag)
                guard let port = Int(text) else {
                    throw MongoShellError("error parsing command line options: bad port \(text)")
                }
                options.port = port
            case "--quiet": options.quiet = true
            case "--eval": options.eval.append(try inline ?? value(flag))
            case "--version": options.showVersion = true
            case "--norc", "--shell", "--nodb", "--ipv6": break
            case "--authenticationMechanism": _ = try inline ?? value(flag)
            default:
                if argument.hasPrefix("-u"), argument.count > 2 {
                    options.user = String(argument.dropFirst(2))
                } else if argument.hasPrefix("-p"), argument.count > 2 {
                    options.password = String(argument.dropFirst(2))
                } else if argument.hasPrefix("-") {
                    throw MongoShellError("error parsing command line options: unrecognised option '\(argument)'")
                } else {
                    applyAddress(argument, to: &options)
                }
            }
            index += 1
        }
        return options
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// `db`, `host/db`, `host:port/db` or `mongodb://[user:pwd@]host[:port]/db[?authSource=x]`.
    static func applyAddress(_ text: String, to options: inout Options) {
        if text.hasPrefix("mongodb://") {
            let client = DocumentStoreClient(url: text, http: RoleHTTPClient(resolver: nil))
            options.host = client.host
            options.port = client.port
            if let database = client.defaultDatabase { options.database = database }
            if let credentials = client.credentials {
                options.user = credentials.user
                options.password = credentials.password
                options.authenticationDatabase = credentials.source
            }
            return
        }
        guard let slash = text.firstIndex(of: "/") else {
            options.database = text
            return
        }
        let address = text[..<slash]
        options.database = String(text[text.index(after: slash)...])
        if let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) {
            options.host = String(address[..<colon])
            options.port = port
        } else {
            options.host = String(address)
        }
    }

    /// Runs the shell and returns what it printed and its exit code.
    public static func run(
        arguments: [String], environment: [String: String], stdin: String?
    ) async
        -> (stdout: String, stderr: String, exitCode: Int32)
    {
        var options: Options
        do {
            options = try parse(arguments)
        } catch let error as MongoShellError {
            return ("", "\(error.message)\ntry 'mongo --help' for more information\n", 2)
        } catch {
            return ("", "\(error)\n", 2)
        }
        if options.showVersion {
            return ("\(MongoShell.versionLine)\nBuild Info: {\n    \"version\": \"4.4.6\"\n}\n", "", 0)
        }
        var hostPort = options.host ?? "127.0.0.1"
        if let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...]) {
            options.port = port
            hostPort = String(hostPort[..<colon])
        }
        let shownHost = hostPort
        let target =
            options.host == nil ? (environment["POD_IP"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1") : hostPort
        var out = ""
        var query = ""
        if options.user != nil { query += "authSource=\(options.authenticationDatabase ?? options.database)&" }
        query += "compressors=disabled&gssapiServiceName=mongodb"
        if !options.quiet {
            out +=
                "\(MongoShell.versionLine)\nconnecting to: mongodb://\(shownHost):\(options.port)/\(options.database)?\(query)\n"
        }
        let http = RoleHTTPClient(resolver: ServiceResolver(environment: environment), timeout: .seconds(10))
        defer { http.close() }
        var client = DocumentStoreClient(url: "\(target):\(options.port)", http: http)
        if let user = options.user {
            client.credentials = DocumentStoreEngine.Credentials(
                user: user, password: options.password ?? "",
                source: options.authenticationDatabase ?? options.database
            )
        }
        do {
            try await client.ping()
        } catch let error as DocumentStoreError {
            let reason: String
            if error.code == 18 {
                reason = "Error: Authentication failed."
            } else {
                let cause =
                    error.underlying?.kind == .connectionRefused
                    ? "Connection refused"
                    : (error.underlying?.description ?? error.message)
                reason =
                    "Error: couldn't connect to server \(shownHost):\(options.port), connection attempt failed: "
                    + "SocketException: Error connecting to \(shownHost):\(options.port) :: caused by :: \(cause)"
            }
            let trailer =
                " :\nconnect@src/mongo/shell/mongo.js:374:17\n@(connect):2:6\nexception: connect failed\nexiting with code 1\n"
            return (out, reason + trailer, 1)
        } catch {
            return (out, "\(error)\n", 1)
        }
        if !options.quiet {
            out += "Implicit session: session { \"id\" : UUID(\"\(UUID().uuidString.lowercased())\") }\n"
            out += "MongoDB server version: 4.4.6\n"
        }
        var session = MongoShell.Session(client: client, database: options.database)
        if !options.eval.isEmpty {
            for script in options.eval {
                let result = await session.run(script, mode: .eval)
                out += result.output
                if result.failed { return (out, "", 252) }
                if result.exited { break }
            }
            return (out, "", 0)
        }
        let result = await session.run(stdin ?? "", mode: .interactive)
        out += result.output
        out += "bye\n"
        return (out, "", 0)
    }
}
