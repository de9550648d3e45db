import Foundation
import OpsLabCore
import Synchronization
import Testing

@testable import OpsLabApps

/// A live `mongodb` role on a unique loopback IP and a free port, with its log captured.
struct MongoTestServer {
    static let geoUsers = """
        [{"user":"admin","pwd":"admin","roles":[{"role":"userAdminAnyDatabase","db":"admin"},{"role":"readWrite","db":"geo-db"}]},
         {"user":"root","pwd":"root","roles":[{"role":"userAdminAnyDatabase","db":"admin"},{"role":"readWrite","db":"geo-db"}]}]
        """

    let ip: String
    let port: Int
    let task: Task<Int32, Never>
    let log: LogSink
    let directory: URL

    static func start(
        auth: Bool = true, users: String? = geoUsers, directory: URL? = nil
    ) async throws -> MongoTestServer {
        let ip = NetTestSupport.uniqueIP()
        let directory =
            directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("mongo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var environment = ["POD_IP": ip, "OPSLAB_DATA_DIR": directory.path]
        if let users { environment["OPSLAB_MONGO_INIT"] = users }
        var role = DocumentStoreRole(arguments: (auth ? ["--auth"] : []) + ["--port", "0"], environment: environment)
        let log = LogSink()
        role.output = { text in log.append(text) }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            let code = await role.serve { port in continuation.yield(port) }
            continuation.finish()
            return code
        }
        for await port in stream {
            return MongoTestServer(ip: ip, port: port, task: task, log: log, directory: directory)
        }
        throw RoleError(code: "test", message: "server did not start: \(await task.value)")
    }

    func client(_ credentials: String? = "admin:admin") -> DocumentStoreClient {
        let prefix = credentials.map { "mongodb://\($0)@" } ?? ""
        return DocumentStoreClient(url: "\(prefix)\(ip):\(port)", http: RoleHTTPClient(resolver: nil))
    }

    func stop() async -> Int32 {
        task.cancel()
        return await task.value
    }

    var logText: String { log.text }
}

/// Collects log text from a role (a Sendable wrapper around the mutex reference).
final class LogSink: Sendable {
    private let log = Mutex("")
    func append(_ text: String) { log.withLock { $0 += text } }
    var text: String { log.withLock { $0 } }
}

@Suite("Datastore live (mongodb role over HTTP)")
struct DatastoreLiveTests {
    @Test("client operations as admin, and the Go-driver-like errors")
    func clientOperations() async throws {
        let server = try await MongoTestServer.start()
        let client = server.client()
        try await client.ping()
        try await client.insertMany(
            database: "geo-db", collection: "geo",
            documents: [
                ["hotelId": "1", "lat": 37.7867, "lon": -122.4112], ["hotelId": "2", "lat": 37.7854, "lon": -122.4005],
            ])
        #expect(try await client.count(database: "geo-db", collection: "geo", filter: .emptyObject) == 2)
        let found = try await client.find(database: "geo-db", collection: "geo", filter: ["hotelId": "2"])
        #expect(found.first?["lon"] == -122.4005)
        try await client.upsert(database: "geo-db", collection: "geo", filter: ["hotelId": "3"], set: ["lat": 1.5])
        try await client.upsert(database: "geo-db", collection: "geo", filter: ["hotelId": "3"], set: ["lat": 2.5])
        let three = try await client.find(database: "geo-db", collection: "geo", filter: ["hotelId": "3"])
        #expect(three.count == 1 && three.first?["lat"] == 2.5)

        let wrong = server.client("admin:nope")
        let authError = await #expect(throws: DocumentStoreError.self) { try await wrong.ping() }
        #expect(authError?.description == "server returned error on SASL authentication step: Authentication failed.")

        let anonymous = server.client(nil)
        try await anonymous.ping()
        let denied = await #expect(throws: DocumentStoreError.self) {
            _ = try await anonymous.count(database: "geo-db", collection: "geo", filter: .emptyObject)
        }
        #expect(denied?.code == 13)
        #expect(server.logText.contains("\"msg\":\"Authentication failed\""))
        #expect(server.logText.contains("\"msg\":\"Checking authorization failed\""))
        #expect(server.logText.contains("\"msg\":\"Waiting for connections\""))
        #expect(await server.stop() == 0)
    }

    @Test("revoke and drop through the API break geo's count the way the faults do")
    func faultSequence() async throws {
        let server = try await MongoTestServer.start()
        let admin = server.client("admin:admin")
        let root = server.client("root:root")
        _ = try await root.run(
            ["revokeRolesFromUser": "admin", "roles": [["role": "readWrite", "db": "geo-db"]]],
            database: "admin")
        let denied = await #expect(throws: DocumentStoreError.self) {
            _ = try await admin.count(database: "geo-db", collection: "geo", filter: .emptyObject)
        }
        #expect(
            denied?.description
                == "not authorized on geo-db to execute command { count: \"geo\", query: {}, $db: \"geo-db\" }")
        _ = try await root.run(["dropUser": "admin"], database: "admin")
        let gone = await #expect(throws: DocumentStoreError.self) { try await admin.ping() }
        #expect(gone?.code == 18)
        _ = await server.stop()
    }

    @Test("data and users persist across restarts; init users apply only to an empty store")
    func persistence() async throws {
        let first = try await MongoTestServer.start()
        try await first.client().insertMany(database: "geo-db", collection: "geo", documents: [["hotelId": "7"]])
        _ = try await first.client("root:root").run(["dropUser": "admin"], database: "admin")
        _ = await first.stop()
        #expect(
            FileManager.default.fileExists(atPath: first.directory.appendingPathComponent("opslab-mongo.json").path))

        let second = try await MongoTestServer.start(directory: first.directory)
        let root = second.client("root:root")
        #expect(try await root.count(database: "geo-db", collection: "geo", filter: .emptyObject) == 1)
        await #expect(throws: DocumentStoreError.self) { try await second.client("admin:admin").ping() }
        _ = await second.stop()
    }

    @Test("an unreachable store reads 'no reachable servers'")
    func unreachable() async throws {
        let client = DocumentStoreClient(
            url: "mongodb://admin:admin@\(NetTestSupport.uniqueIP()):27017",
            http: RoleHTTPClient(resolver: nil))
        let error = await #expect(throws: DocumentStoreError.self) { try await client.ping() }
        #expect(error?.description == "no reachable servers")
        #expect(error?.isUnreachable == true)
        #expect(error?.underlying?.kind == .connectionRefused)
    }

    @Test("client URLs: credentials, host, port, database and authSource")
    func urls() {
        let http = RoleHTTPClient(resolver: nil)
        let full = DocumentStoreClient(
            url: "mongodb://admin:p%40ss@mongodb-geo:27018/geo-db?authSource=admin", http: http)
        #expect(full.host == "mongodb-geo" && full.port == 27018)
        #expect(full.credentials == .init(user: "admin", password: "p@ss", source: "admin"))
        #expect(full.defaultDatabase == "geo-db")
        let bare = DocumentStoreClient(url: "mongodb-profile:27017", http: http)
        #expect(bare.credentials == nil && bare.host == "mongodb-profile" && bare.port == 27017)
    }
}
