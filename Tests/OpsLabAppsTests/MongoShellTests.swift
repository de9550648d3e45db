import Foundation
import OpsLabCore
import Testing

@testable import OpsLabApps

@Suite("Mongo shell")
struct MongoShellTests {
    @Test("statements split on ; and newlines but not inside brackets or strings")
    func split() {
        let script = "use admin\ndb.createUser({\n  user: 'a;b',\n  pwd: \"x\",\n  roles: []\n}); db.getUsers()\n"
        let parts = MongoShellParser.split(script)
        #expect(parts.count == 3)
        #expect(parts[0] == "use admin")
        #expect(parts[2] == "db.getUsers()")
    }

    @Test("parses directives, member chains and JS-ish literals")
    func parse() throws {
        #expect(try MongoShellParser.parse("use geo-db") == .use("geo-db"))
        #expect(try MongoShellParser.parse("show dbs") == .show("dbs"))
        #expect(try MongoShellParser.parse("quit()") == .exit)
        let grant = try MongoShellParser.parse("db.grantRolesToUser('admin', [{role: \"readWrite\", db: 'geo-db'}])")
        let expected = MongoShellStatement.expression(
            .call(
                .member(.identifier("db"), "grantRolesToUser"),
                [
                    .literal("admin"), .literal([["role": "readWrite", "db": "geo-db"]]),
                ]))
        #expect(grant == expected)
        let sibling = try MongoShellParser.parse("db.getSiblingDB(\"admin\").getUsers()")
        #expect(
            sibling
                == .expression(
                    .call(
                        .member(
                            .call(
                                .member(.identifier("db"), "getSiblingDB"),
                                [.literal("admin")]), "getUsers"), [])))
        let literal = try MongoShellParser.literal(
            "{a: -1.5, 'b': [true, null, ObjectId(\"0123456789abcdef01234567\")], n: NumberInt(3),}")
        #expect(literal == ["a": -1.5, "b": [true, nil, ["$oid": "0123456789abcdef01234567"]], "n": 3])
    }

    @Test("syntax errors read like SpiderMonkey's")
    func syntaxErrors() {
        #expect(throws: MongoShellSyntaxError(message: "missing } after property list")) {
            _ = try MongoShellParser.parse("db.createUser({user: 'a' pwd: 'b'})")
        }
        #expect(throws: MongoShellSyntaxError(message: "unterminated string literal")) {
            _ = try MongoShellParser.parse("db.getUser('admin)")
        }
    }

    @Test("tojson formats: pretty and compact")
    func format() {
        let user: JSONValue = ["user": "admin", "roles": [["role": "readWrite", "db": "geo-db"]]]
        #expect(
            MongoShellFormat.pretty(user) == """
                {
                \t"user" : "admin",
                \t"roles" : [
                \t\t{
                \t\t\t"role" : "readWrite",
                \t\t\t"db" : "geo-db"
                \t\t}
                \t]
                }
                """)
        let document: JSONValue = ["_id": ["$oid": "60a1"], "hotelId": "1", "lat": 37.7867, "rooms": 200]
        #expect(
            MongoShellFormat.compact(document)
                == "{ \"_id\" : ObjectId(\"60a1\"), \"hotelId\" : \"1\", \"lat\" : 37.7867, \"rooms\" : 200 }")
    }

    @Test("the fault and mitigation scripts work through the shell, with 4.4 output")
    func userCommands() async throws {
        let server = try await MongoTestServer.start()
        defer { Task { _ = await server.stop() } }
        var root = MongoShell.Session(client: server.client("root:root"), database: "admin")

        let revoke = await root.run(
            "db.revokeRolesFromUser('admin', [{role: 'readWrite', db: 'geo-db'}]);", mode: .eval)
        #expect(revoke.output == "" && !revoke.failed)
        let user = await root.run("db.getUser(\"admin\")", mode: .eval)
        #expect(user.output.contains("\"user\" : \"admin\""))
        #expect(!user.output.contains("geo-db"))
        #expect(user.output.contains("\"mechanisms\" : [\n\t\t\"SCRAM-SHA-1\""))

        let dropped = await root.run("db.dropUser('admin')", mode: .eval)
        #expect(dropped.output == "true\n")
        #expect(await root.run("db.dropUser('admin')", mode: .eval).output == "false\n")
        let missing = await root.run("db.grantRolesToUser('admin', [{role: 'readWrite', db: 'geo-db'}])", mode: .eval)
        #expect(missing.failed)
        #expect(
            missing.output.hasPrefix("uncaught exception: Error: Could not find user \"admin\" for db \"admin\" :\n"))
        #expect(missing.output.hasSuffix("@(shell eval):1:1\n"))

        let created = await root.run(
            "db.createUser({user: 'admin', pwd: 'admin', roles: [{role: 'userAdminAnyDatabase', db: 'admin'}]});"
                + "db.grantRolesToUser('admin', [{role: 'readWrite', db: 'geo-db'}]);", mode: .eval)
        #expect(created.output.hasPrefix("Successfully added user: {\n\t\"user\" : \"admin\",\n\t\"roles\" : ["))
        #expect(!created.output.contains("pwd"))
        let count = try await server.client("admin:admin").count(
            database: "geo-db", collection: "geo", filter: .emptyObject)
        #expect(count == 0)

        let users = await root.run("db.getUsers()", mode: .eval)
        #expect(users.output.hasPrefix("[\n\t{\n\t\t\"_id\" : \"admin.admin\""))
        #expect(users.output.contains("\"_id\" : \"admin.root\""))
    }

    @Test("use, show, find, count, insert and auth in an interactive session")
    func dataCommands() async throws {
        let server = try await MongoTestServer.start()
        defer { Task { _ = await server.stop() } }
        var session = MongoShell.Session(client: server.client(nil), database: "test")
        let script = """
            db.auth('admin', 'wrong')
            use admin
            db.auth('admin', 'admin')
            use geo-db
            db.geo.insert({hotelId: '1', lat: 37.7867})
            db.geo.insertOne({hotelId: '2'})
            db.geo.count()
            db.geo.find({hotelId: '1'})
            show collections
            db.getSiblingDB('geo-db').geo.findOne({hotelId: '9'})
            db.getName()
            """
        let result = await session.run(script, mode: .interactive)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Error: Authentication failed.")
        #expect(lines[1] == "0")
        #expect(lines[2] == "switched to db admin")
        #expect(lines[3] == "1")
        #expect(lines[4] == "switched to db geo-db")
        #expect(lines[5] == "WriteResult({ \"nInserted\" : 1 })")
        #expect(result.output.contains("\"acknowledged\" : true"))
        #expect(result.output.contains("\n2\n{ \"_id\" : ObjectId(\""))
        #expect(result.output.contains("\"hotelId\" : \"1\", \"lat\" : 37.7867 }\ngeo\nnull\ngeo-db\n"))
        #expect(!result.failed)

        var anonymous = MongoShell.Session(client: server.client(nil), database: "admin")
        let denied = await anonymous.run("db.getUsers()", mode: .eval)
        #expect(denied.output.hasPrefix("uncaught exception: Error: command usersInfo requires authentication :"))
        let shows = await MongoShell.Session(client: server.client("root:root"), database: "admin").runCopy("show dbs")
        #expect(shows.contains("admin"))
        #expect(shows.contains("GB"))
    }

    @Test("the mongo command: banner, --eval, stdin, quiet, and connect failures")
    func command() async throws {
        let server = try await MongoTestServer.start()
        defer { Task { _ = await server.stop() } }
        let environment = ["POD_IP": server.ip]
        let port = String(server.port)
        let revoke = await MongoCommand.run(
            arguments: [
                "mongo", "admin", "-u", "admin", "-p", "admin",
                "--authenticationDatabase", "admin", "--port", port,
                "--eval", "db.revokeRolesFromUser('admin', [{role: 'readWrite', db: 'geo-db'}]);",
            ],
            environment: environment, stdin: nil)
        #expect(revoke.exitCode == 0)
        #expect(
            revoke.stdout.hasPrefix(
                "MongoDB shell version v4.4.6\nconnecting to: mongodb://127.0.0.1:\(port)/admin?authSource=admin&compressors=disabled&gssapiServiceName=mongodb\n"
            ))
        #expect(revoke.stdout.contains("MongoDB server version: 4.4.6\n"))

        let quiet = await MongoCommand.run(
            arguments: [
                "admin", "--quiet", "--port", port, "-u", "root", "-p", "root",
                "--authenticationDatabase", "admin",
            ], environment: environment,
            stdin: "db.getUser('admin').roles.length\ndb.grantRolesToUser('admin', ['readWrite'])\n")
        #expect(quiet.exitCode == 0)
        #expect(quiet.stdout.hasPrefix("1\n"))
        #expect(quiet.stdout.hasSuffix("bye\n"))

        let badAuth = await MongoCommand.run(
            arguments: [
                "-u", "admin", "-p", "nope", "--authenticationDatabase",
                "admin", "--port", port, "--eval", "db.getUsers()",
            ], environment: environment, stdin: nil)
        #expect(badAuth.exitCode == 1)
        #expect(badAuth.stderr.hasPrefix("Error: Authentication failed. :\n"))
        #expect(badAuth.stderr.hasSuffix("exception: connect failed\nexiting with code 1\n"))

        let evalFailure = await MongoCommand.run(
            arguments: ["--quiet", "--port", port, "--eval", "db.getUsers()"],
            environment: environment, stdin: nil)
        #expect(evalFailure.exitCode == 252)

        let refused = await MongoCommand.run(
            arguments: ["--host", NetTestSupport.uniqueIP(), "--eval", "1"],
            environment: [:], stdin: nil)
        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("caused by :: Connection refused :\n"))
    }

    @Test("command-line options parse like the legacy shell's")
    func options() throws {
        let options = try MongoCommand.parse([
            "mongo", "geo-db", "-u", "admin", "-padmin", "--authenticationDatabase=admin",
            "--host", "mongodb-geo:27018", "--quiet", "--eval", "db.getUsers()",
        ])
        #expect(options.database == "geo-db")
        #expect(options.user == "admin" && options.password == "admin")
        #expect(options.authenticationDatabase == "admin")
        #expect(options.host == "mongodb-geo:27018")
        #expect(options.quiet && options.eval == ["db.getUsers()"])
        let url = try MongoCommand.parse(["mongodb://root:root@10.0.0.1:27017/rate-db?authSource=admin"])
        #expect(url.host == "10.0.0.1" && url.database == "rate-db" && url.user == "root")
        #expect(throws: (any Error).self) { _ = try MongoCommand.parse(["--bogus"]) }
    }
}

extension MongoShell.Session {
    /// Runs one statement on a copy and returns the output.
    func runCopy(_ script: String) async -> String {
        var copy = self
        return await copy.run(script, mode: .interactive).output
    }
}
