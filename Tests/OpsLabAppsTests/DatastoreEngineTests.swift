import Foundation
import OpsLabCore
import Testing

@testable import OpsLabApps

@Suite("Datastore engine (document store as a value)")
struct DatastoreEngineTests {
    typealias Credentials = DocumentStoreEngine.Credentials
    static let admin = Credentials(user: "admin", password: "admin", source: "admin")
    static let root = Credentials(user: "root", password: "root", source: "admin")

    /// The geo database as k8s-geo-mongo.sh leaves it: admin and root with userAdminAnyDatabase + readWrite.
    static func geoEngine() throws -> DocumentStoreEngine {
        var engine = DocumentStoreEngine(authEnabled: true)
        let spec = try JSONValue(
            parsing: """
                [{"user":"admin","pwd":"admin","roles":[{"role":"userAdminAnyDatabase","db":"admin"},{"role":"readWrite","db":"geo-db"}]},
                 {"user":"root","pwd":"root","roles":[{"role":"userAdminAnyDatabase","db":"admin"},{"role":"readWrite","db":"geo-db"}]}]
                """)
        #expect(try engine.applyInitialUsers(spec) == 2)
        return engine
    }

    @Test("find, count, insert, update with upsert and $inc, delete")
    func dataOperations() throws {
        var engine = DocumentStoreEngine(authEnabled: false)
        let insert: JSONValue = [
            "insert": "geo", "$db": "geo-db",
            "documents": [
                ["hotelId": "1", "lat": 37.7867, "tags": ["a", "b"]], ["hotelId": "2", "lat": 37.7854],
                ["hotelId": "3"],
            ],
        ]
        #expect(engine.execute(insert, credentials: nil).reply["n"] == 3)
        let found = engine.execute(
            ["find": "geo", "filter": ["hotelId": ["$in": ["1", "3"]]], "$db": "geo-db"],
            credentials: nil
        ).reply
        let batch = try #require(found[path: ["cursor", "firstBatch"]]?.arrayValue)
        #expect(batch.map { $0["hotelId"] } == ["1", "3"])
        #expect(batch[0]["_id"]?["$oid"]?.stringValue?.count == 24)
        #expect(
            engine.execute(["count": "geo", "query": ["tags": "b"], "$db": "geo-db"], credentials: nil)
                .reply["n"] == 1)
        #expect(
            engine.execute(["count": "geo", "query": ["lat": ["$gt": 37.78]], "$db": "geo-db"], credentials: nil)
                .reply["n"] == 2)

        let upsert: JSONValue = [
            "update": "number", "$db": "geo-db",
            "updates": [
                ["q": ["hotelId": "9"], "u": ["$set": ["numberOfRoom": 200]], "upsert": true]
            ],
        ]
        let upserted = engine.execute(upsert, credentials: nil).reply
        #expect(upserted["n"] == 1)
        #expect(upserted["upserted"]?.arrayValue?.count == 1)
        let increment: JSONValue = [
            "update": "number", "$db": "geo-db",
            "updates": [
                ["q": ["hotelId": "9"], "u": ["$inc": ["numberOfRoom": -5]], "multi": true]
            ],
        ]
        #expect(engine.execute(increment, credentials: nil).reply["nModified"] == 1)
        let room = engine.state.documents("geo-db", "number").first
        #expect(room?["numberOfRoom"] == 195)
        #expect(room?["hotelId"] == "9")

        let delete: JSONValue = [
            "delete": "geo", "$db": "geo-db", "deletes": [["q": ["hotelId": ["$ne": "2"]], "limit": 0]],
        ]
        #expect(engine.execute(delete, credentials: nil).reply["n"] == 2)
        #expect(engine.state.documents("geo-db", "geo").count == 1)
    }

    @Test("unauthorized commands print the command like mongod")
    func describeCommand() {
        let text = DocumentStoreEngine.describe(
            ["count": "geo", "query": .emptyObject, "$db": "geo-db"], name: "count")
        #expect(text == "{ count: \"geo\", query: {}, $db: \"geo-db\" }")
        let insert = DocumentStoreEngine.describe(
            ["insert": "geo", "documents": [["a": 1]], "ordered": true, "$db": "geo-db"], name: "insert")
        #expect(insert == "{ insert: \"geo\", ordered: true, $db: \"geo-db\" }")
    }

    @Test("auth matrix: readWrite counts; revoke → 13; grant repairs; dropUser → 18; recreate repairs")
    func authMatrix() throws {
        var engine = try Self.geoEngine()
        let count: JSONValue = ["count": "geo", "query": .emptyObject, "$db": "geo-db"]
        #expect(engine.execute(count, credentials: Self.admin).reply["ok"] == 1.0)

        let revoke: JSONValue = [
            "revokeRolesFromUser": "admin", "roles": [["role": "readWrite", "db": "geo-db"]], "$db": "admin",
        ]
        #expect(engine.execute(revoke, credentials: Self.admin).reply["ok"] == 1.0)
        let denied = engine.execute(count, credentials: Self.admin)
        #expect(denied.reply["code"] == 13)
        #expect(denied.reply["codeName"] == "Unauthorized")
        #expect(
            denied.reply["errmsg"]
                == "not authorized on geo-db to execute command { count: \"geo\", query: {}, $db: \"geo-db\" }")
        #expect(denied.events.map(\.message) == ["Checking authorization failed"])

        let grant: JSONValue = [
            "grantRolesToUser": "admin", "roles": [["role": "readWrite", "db": "geo-db"]], "$db": "admin",
        ]
        #expect(engine.execute(grant, credentials: Self.admin).reply["ok"] == 1.0)
        #expect(engine.execute(count, credentials: Self.admin).reply["ok"] == 1.0)

        #expect(engine.execute(["dropUser": "admin", "$db": "admin"], credentials: Self.root).reply["ok"] == 1.0)
        let failed = engine.execute(count, credentials: Self.admin)
        #expect(failed.reply["code"] == 18)
        #expect(failed.reply["errmsg"] == "Authentication failed.")
        #expect(failed.events.first?.message == "Authentication failed")
        #expect(
            failed.events.first?.attributes["error"] == "UserNotFound: Could not find user \"admin\" for db \"admin\"")

        let create: JSONValue = [
            "createUser": "admin", "pwd": "admin",
            "roles": [["role": "userAdminAnyDatabase", "db": "admin"]], "$db": "admin",
        ]
        #expect(engine.execute(create, credentials: Self.root).reply["ok"] == 1.0)
        #expect(engine.execute(count, credentials: Self.admin).reply["code"] == 13)
        #expect(engine.execute(grant, credentials: Self.root).reply["ok"] == 1.0)
        #expect(engine.execute(count, credentials: Self.admin).reply["ok"] == 1.0)
    }

    @Test("wrong password, no credentials, and auth disabled")
    func authEdges() throws {
        var engine = try Self.geoEngine()
        let count: JSONValue = ["count": "geo", "query": .emptyObject, "$db": "geo-db"]
        let wrong = engine.execute(count, credentials: Credentials(user: "admin", password: "nope"))
        #expect(wrong.reply["code"] == 18)
        let anonymous = engine.execute(count, credentials: nil)
        #expect(anonymous.reply["code"] == 13)
        #expect(anonymous.reply["errmsg"] == "command count requires authentication")
        #expect(engine.execute(["ping": 1, "$db": "admin"], credentials: nil).reply["ok"] == 1.0)
        engine.authEnabled = false
        #expect(engine.execute(count, credentials: nil).reply["ok"] == 1.0)
        #expect(engine.execute(count, credentials: Credentials(user: "admin", password: "nope")).reply["code"] == 18)
    }

    @Test("roles: read cannot write, dbOwner administers its db, root does everything")
    func rolePrivileges() {
        let read = [MongoRoleRef(role: "read", db: "geo-db")]
        #expect(MongoRoles.allows(read, .read, on: "geo-db"))
        #expect(!MongoRoles.allows(read, .write, on: "geo-db"))
        #expect(!MongoRoles.allows(read, .read, on: "rate-db"))
        let owner = [MongoRoleRef(role: "dbOwner", db: "rate-db")]
        #expect(MongoRoles.allows(owner, .userAdmin, on: "rate-db"))
        #expect(!MongoRoles.allows(owner, .userAdmin, on: "admin"))
        let root = [MongoRoleRef(role: "root", db: "admin")]
        #expect(MongoRoles.allows(root, .write, on: "anything"))
        #expect(MongoRoles.allows([MongoRoleRef(role: "readWriteAnyDatabase", db: "admin")], .write, on: "x"))
        #expect(!MongoRoles.exists(MongoRoleRef(role: "root", db: "geo-db")))
        #expect(MongoRoles.exists(MongoRoleRef(role: "readWrite", db: "geo-db")))
    }

    @Test("user commands: duplicates, missing users, unknown roles, usersInfo")
    func userCommands() throws {
        var engine = try Self.geoEngine()
        let duplicate = engine.execute(
            ["createUser": "admin", "pwd": "x", "roles": [], "$db": "admin"],
            credentials: Self.root)
        #expect(duplicate.reply["errmsg"] == "User \"admin@admin\" already exists")
        let missing = engine.execute(
            ["grantRolesToUser": "ghost", "roles": ["read"], "$db": "admin"], credentials: Self.root)
        #expect(missing.reply["code"] == 11)
        #expect(missing.reply["errmsg"] == "Could not find user \"ghost\" for db \"admin\"")
        let badRole = engine.execute(
            [
                "grantRolesToUser": "admin", "roles": [["role": "root", "db": "geo-db"]],
                "$db": "admin",
            ], credentials: Self.root)
        #expect(badRole.reply["errmsg"] == "Could not find role: root@geo-db")
        let info = engine.execute(["usersInfo": "admin", "$db": "admin"], credentials: Self.root).reply
        let user = try #require(info["users"]?[0])
        #expect(user["_id"] == "admin.admin")
        #expect(user["roles"]?.arrayValue?.count == 2)
        #expect(user["pwd"] == nil && user["password"] == nil)
        #expect(engine.execute(["dropUser": "ghost", "$db": "admin"], credentials: Self.root).reply["code"] == 11)
    }

    @Test("filters: dotted paths, $or, $exists, $nin and numeric equality")
    func filters() {
        let document: JSONValue = ["a": ["b": 2], "n": 3.0, "s": "x"]
        #expect(DocumentQuery.matches(document, ["a.b": 2]))
        #expect(DocumentQuery.matches(document, ["n": 3]))
        #expect(DocumentQuery.matches(document, ["$or": [["s": "y"], ["s": "x"]]]))
        #expect(DocumentQuery.matches(document, ["missing": ["$exists": false]]))
        #expect(!DocumentQuery.matches(document, ["s": ["$nin": ["x"]]]))
        #expect(!DocumentQuery.matches(document, ["a.b": ["$lt": 2]]))
    }

    @Test("state survives a JSON round trip")
    func persistence() throws {
        var engine = try Self.geoEngine()
        _ = engine.execute(
            ["insert": "geo", "documents": [["hotelId": "1"]], "$db": "geo-db"], credentials: Self.admin)
        let data = try JSONEncoder().encode(engine.state)
        let decoded = try JSONDecoder().decode(DocumentStoreState.self, from: data)
        #expect(decoded == engine.state)
        #expect(!decoded.isEmpty)
        #expect(decoded.databaseNames.contains("geo-db"))
    }

    @Test("log lines look like mongod's")
    func logLine() throws {
        let event = MongoLogEvent(
            component: "NETWORK", id: 23016, context: "listener",
            message: "Waiting for connections", attributes: ["port": 27017])
        let line = MongoLog.line(event, date: Date(timeIntervalSince1970: 0))
        #expect(line.hasPrefix("{\"t\":{\"$date\":\"1970-01-01T00:00:00.000+00:00\"},\"s\":\"I\","))
        #expect(line.contains("\"msg\":\"Waiting for connections\",\"attr\":{\"port\":27017}}"))
        let parsed = try JSONValue(parsing: line)
        #expect(parsed["c"] == "NETWORK")
    }
}
