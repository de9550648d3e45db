import Foundation
import OpsLabCore
import Synchronization

/// The `mongodb` role (images `mongo:4.4.6`, `mongo`): a MongoDB-like document store.
///
/// **Wire protocol.** HTTP/1.1 with JSON on `$POD_IP:27017` (`--port N` changes the port), not MongoDB's
/// binary protocol:
/// - `POST /command` with a MongoDB command document as the body, the target database in `$db`, e.g.
///   `{"find": "geo", "filter": {"hotelId": "1"}, "$db": "geo-db"}` or
///   `{"update": "inventory", "updates": [{"q": {…}, "u": {"$set": {…}}, "upsert": true}], "$db": "rate-db"}`.
///   Commands: ping, hello, buildInfo, connectionStatus, find, count, insert, update, delete, create, drop,
///   dropDatabase, listDatabases, listCollections, createUser, updateUser, dropUser, grantRolesToUser,
///   revokeRolesFromUser, usersInfo.
/// - Credentials: HTTP Basic `user:password`; the authentication database in header `X-Mongo-Auth-Source`
///   (or query `authSource`), default `admin`. Wrong credentials always fail (code 18); with `--auth` every
///   command except ping/hello/buildInfo/connectionStatus also needs a user whose roles allow it (code 13).
/// - Replies: the command's reply with `"ok": 1`, or `{"ok": 0, "errmsg", "code", "codeName"}` with HTTP
///   status 401 (code 18), 403 (code 13) or 400 (other errors).
///
/// **Data.** In memory, saved (at most every 100 ms and at exit) to `opslab-mongo.json` in `$OPSLAB_DATA_DIR`
/// or else the working directory. When the store is empty at start, users from `$OPSLAB_MONGO_INIT` (JSON
/// `[{"user","pwd","db"?,"roles":[{"role","db"}]}]`, db defaults to `admin`) and a root user from
/// `$MONGO_INITDB_ROOT_USERNAME`/`$MONGO_INITDB_ROOT_PASSWORD` are created, as docker-entrypoint-initdb.d
/// scripts would. Logs are mongod 4.4 JSON lines on stdout.
public struct DocumentStoreRole: Sendable {
    /// The container's command and args (`--auth`, `--port N`).
    public var arguments: [String]
    /// The container's environment.
    public var environment: [String: String]
    /// Where log lines go (stdout, the container log, by default; tests capture them).
    public var output: @Sendable (String) -> Void = { RoleOutput.write($0) }

    /// Creates the role.
    public init(arguments: [String], environment: [String: String]) {
        self.arguments = arguments
        self.environment = environment
    }

    /// Whether `--auth` was given.
    public var authEnabled: Bool { arguments.contains("--auth") }
    /// The address to listen on.
    public var host: String { environment["POD_IP"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1" }
    /// The port (`--port N`, default 27017).
    public var port: Int {
        if let index = arguments.firstIndex(of: "--port"), index + 1 < arguments.count,
            let value = Int(arguments[index + 1])
        {
            return value
        }
        return 27017
    }
    /// The file the data is saved to.
    public var dataFile: URL {
        let directory =
            environment["OPSLAB_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.currentDirectoryPath
        return URL(fileURLWithPath: directory).appendingPathComponent("opslab-mongo.json")
    }

    /// Serves until SIGTERM/SIGINT (exit 0); 48 when the port is taken, as mongod exits.
    public func run() async throws -> Int32 {
        await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await serve() }
            group.addTask {
                guard let number = await TerminationSignal.wait() else { return nil }
                mongodLog(
                    MongoLogEvent(
                        component: "CONTROL", id: 23377, context: "SignalHandler",
                        message: "Received signal",
                        attributes: [
                            "signal": .int(Int64(number)),
                            "error": .string(number == SIGTERM ? "Terminated" : "Interrupt"),
                        ]))
                return 0
            }
            var code: Int32 = 0
            for await result in group {
                if let result {
                    code = result
                    break
                }
            }
            group.cancelAll()
            await group.waitForAll()
            return code
        }
    }

    /// Loads the data, creates initial users, and serves until the calling task is cancelled (returns 0) or the
    /// port cannot be bound (returns 48). Saves the data before returning.
    public func serve(onListening: @escaping @Sendable (_ port: Int) -> Void = { _ in }) async -> Int32 {
        let store = DocumentStoreBox(
            engine: DocumentStoreEngine(state: loadState(), authEnabled: authEnabled), output: output
        )
        mongodLog(
            MongoLogEvent(
                component: "CONTROL", id: 4_615_611, context: "initandlisten",
                message: "MongoDB starting",
                attributes: [
                    "pid": .int(Int64(ProcessInfo.processInfo.processIdentifier)), "port": .int(Int64(port)),
                    "dbPath": .string(dataFile.deletingLastPathComponent().path), "architecture": "64-bit",
                    "host": .string(environment["HOSTNAME"] ?? "localhost"),
                ]))
        mongodLog(
            MongoLogEvent(
                component: "CONTROL", id: 23403, context: "initandlisten", message: "Build Info",
                attributes: ["buildInfo": ["version": "4.4.6"]]))
        var options: JSONValue = ["net": ["bindIp": "*"]]
        if authEnabled { options["security"] = ["authorization": "enabled"] }
        mongodLog(
            MongoLogEvent(
                component: "CONTROL", id: 21951, context: "initandlisten",
                message: "Options set by command line", attributes: ["options": options]))
        initializeUsers(store)
        let file = dataFile
        store.flushIfDirty(to: file)
        let server = RoleHTTPServer(host: host, port: port) { request in
            await store.respond(to: request)
        }
        let host = host
        let code = await withTaskGroup(of: Int32.self) { group in
            group.addTask {
                do {
                    try await server.run { bound in
                        mongodLog(
                            MongoLogEvent(
                                component: "NETWORK", id: 23015, context: "listener",
                                message: "Listening on", attributes: ["address": .string(host)]))
                        mongodLog(
                            MongoLogEvent(
                                component: "NETWORK", id: 23016, context: "listener",
                                message: "Waiting for connections",
                                attributes: ["port": .int(Int64(bound)), "ssl": "off"]))
                        onListening(bound)
                    }
                    return 0
                } catch  where Task.isCancelled {
                    return 0
                } catch {
                    mongodLog(
                        MongoLogEvent(
                            severity: "E", component: "NETWORK", id: 23024, context: "initandlisten",
                            message: "Failed to set up listener",
                            attributes: [
                                "error": [
                                    "code": 9001,
                                    "codeName": "SocketException", "errmsg": .string("\(error)"),
                                ]
                            ]))
                    return 48
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    store.flushIfDirty(to: file)
                }
                return 0
            }
            let code = await group.next() ?? 0
            group.cancelAll()
            return code
        }
        store.flushIfDirty(to: file)
        mongodLog(MongoLogEvent(component: "CONTROL", id: 20565, context: "SignalHandler", message: "Now exiting"))
        return code
    }

    func loadState() -> DocumentStoreState {
        guard let data = FileManager.default.contents(atPath: dataFile.path) else { return DocumentStoreState() }
        do {
            return try JSONDecoder().decode(DocumentStoreState.self, from: data)
        } catch {
            mongodLog(
                MongoLogEvent(
                    severity: "W", component: "STORAGE", id: 22302, context: "initandlisten",
                    message: "Recovering data from the last clean checkpoint failed; starting empty",
                    attributes: ["error": .string("\(error)")]))
            return DocumentStoreState()
        }
    }

    func initializeUsers(_ store: DocumentStoreBox) {
        guard store.isEmpty else { return }
        var specification: [JSONValue] = []
        if let text = environment["OPSLAB_MONGO_INIT"], !text.isEmpty {
            do {
                specification += try JSONValue(parsing: text).arrayValue ?? []
            } catch {
                output("OPSLAB_MONGO_INIT is not valid JSON: \(error)\n")
            }
        }
        if let user = environment["MONGO_INITDB_ROOT_USERNAME"], let pwd = environment["MONGO_INITDB_ROOT_PASSWORD"] {
            specification.append([
                "user": .string(user), "pwd": .string(pwd), "roles": [["role": "root", "db": "admin"]],
            ])
        }
        guard !specification.isEmpty else { return }
        do {
            try store.applyInitialUsers(.array(specification))
            for item in specification {
                let shown: JSONValue = ["user": item["user"] ?? .null, "roles": item["roles"] ?? .array([])]
                output("Successfully added user: \(MongoShellFormat.pretty(shown))\n")
            }
        } catch {
            output("uncaught exception: Error: couldn't add user: \(error)\n")
        }
    }
}

/// Writes one mongod log line to stdout.
extension DocumentStoreRole {
    func mongodLog(_ event: MongoLogEvent) {
        output(MongoLog.line(event) + "\n")
    }
}

/// The engine behind a lock, plus the dirty flag for persistence.
final class DocumentStoreBox: Sendable {
    private let engine: Mutex<DocumentStoreEngine>
    private let dirty = Mutex(false)
    let output: @Sendable (String) -> Void

    init(engine: DocumentStoreEngine, output: @escaping @Sendable (String) -> Void) {
        self.engine = Mutex(engine)
        self.output = output
    }

    func mongodLog(_ event: MongoLogEvent) {
        output(MongoLog.line(event) + "\n")
    }

    var isEmpty: Bool { engine.withLock { $0.state.isEmpty } }

    func applyInitialUsers(_ specification: JSONValue) throws {
        try engine.withLock { _ = try $0.applyInitialUsers(specification) }
        dirty.withLock { $0 = true }
    }

    func respond(to request: RoleHTTPRequest) async -> RoleHTTPResponse {
        guard request.method == "POST" else {
            return .text(200, "It looks like you are trying to access MongoDB over HTTP on the native driver port.\n")
        }
        let command: JSONValue
        do {
            command = try JSONValue(parsing: request.body)
        } catch {
            let failure = DocumentStoreError(code: 9, codeName: "FailedToParse", message: "\(error)")
            return .json(400, failure.reply)
        }
        let credentials = DocumentStoreHTTP.credentials(from: request)
        let outcome = engine.withLock {
            $0.execute(command, credentials: credentials, client: request.remoteAddress ?? "")
        }
        if outcome.mutated { dirty.withLock { $0 = true } }
        for event in outcome.events { mongodLog(event) }
        let code = outcome.reply["code"]?.intValue
        let status = outcome.reply["ok"]?.doubleValue == 1 ? 200 : (code == 18 ? 401 : (code == 13 ? 403 : 400))
        return .json(status, outcome.reply)
    }

    func flushIfDirty(to file: URL) {
        let needed = dirty.withLock { flag -> Bool in
            defer { flag = false }
            return flag
        }
        guard needed else { return }
        let state = engine.withLock { $0.state }
        do {
            let data = try JSONEncoder().encode(state)
            try data.write(to: file, options: .atomic)
        } catch {
            mongodLog(
                MongoLogEvent(
                    severity: "E", component: "STORAGE", id: 22435, context: "Checkpointer",
                    message: "WiredTiger error", attributes: ["error": .string("\(error)")]))
        }
    }
}
