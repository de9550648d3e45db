import Foundation
import OpsLabCore

/// The legacy mongo shell (4.4) subset used to inspect and fix users and roles, run against a store over
/// its HTTP API (``DocumentStoreClient``).
///
/// Understands `use <db>`, `show dbs|collections|users`, `db.getUsers()`, `db.getUser(…)`, `db.createUser(…)`,
/// `db.updateUser(…)`, `db.grantRolesToUser(…)`, `db.revokeRolesFromUser(…)`, `db.dropUser(…)`, `db.auth(…)`,
/// `db.getSiblingDB(…)`, `db.runCommand(…)`, `db.<coll>.find(…)[.pretty()|.limit(n)|.count()]`,
/// `db.<coll>.findOne/count/countDocuments/insert/insertOne/insertMany/updateOne/updateMany/deleteOne/
/// deleteMany/drop`, `print`, `printjson`, `quit()`. Output mimics the 4.4 shell.
public enum MongoShell {
    /// The shell's version banner line.
    public static let versionLine = "MongoDB shell version v4.4.6"

    /// How results print: every statement's value (stdin) or only the last one's (`--eval`).
    public enum Mode: Sendable {
        /// Statements read from stdin: each value prints, errors do not stop the script.
        case interactive
        /// `--eval`: only the last statement's value prints; the first error stops the script.
        case eval
    }

    /// What running a script produced.
    public struct Result: Sendable {
        /// Everything the shell printed.
        public var output: String
        /// Whether an uncaught exception happened.
        public var failed: Bool
        /// Whether `exit`/`quit()` ran.
        public var exited: Bool
    }

    /// A shell connected to one server: the client (with the current credentials) and the current database.
    public struct Session: Sendable {
        /// The client; `db.auth(…)` replaces its credentials.
        public var client: DocumentStoreClient
        /// The current database (`use <db>`).
        public var database: String

        /// Creates a session.
        public init(client: DocumentStoreClient, database: String) {
            self.client = client
            self.database = database
        }

        /// Parses and runs a script (statements separated by `;` or line ends).
        public mutating func run(_ script: String, mode: Mode) async -> Result {
            var output = ""
            var failed = false
            let statements = MongoShellParser.split(script)
            for (index, text) in statements.enumerated() {
                let isLast = index == statements.count - 1
                do {
                    let statement = try MongoShellParser.parse(text)
                    if statement == .exit { return Result(output: output, failed: failed, exited: true) }
                    var evaluator = MongoShellEvaluator(session: self)
                    let value = try await evaluator.execute(statement, printed: &output)
                    self = evaluator.session
                    if mode == .interactive || isLast || statement.isDirective {
                        output += await evaluator.display(value)
                    }
                } catch let error as MongoShellSyntaxError {
                    output += "uncaught exception: \(error) :\n@(shell\(mode == .eval ? " eval" : "")):1:1\n"
                    failed = true
                } catch let error as MongoShellError {
                    output += error.report(eval: mode == .eval)
                    failed = true
                } catch {
                    output += "uncaught exception: Error: \(error)\n"
                    failed = true
                }
                if failed && mode == .eval { break }
            }
            return Result(output: output, failed: failed, exited: false)
        }
    }
}

extension MongoShellStatement {
    var isDirective: Bool {
        switch self {
        case .use, .show: return true
        default: return false
        }
    }
}

/// An exception thrown by a shell helper, printed with a JS-like stack.
struct MongoShellError: Error {
    var message: String
    var frames: [String]
    /// What precedes the message: `Error: ` for JS errors, empty for `WriteCommandError(…)`.
    var prefix = "Error: "

    init(_ message: String, frame: String? = nil) {
        self.message = message
        self.frames = frame.map { ["_getErrorWithCode@src/mongo/shell/utils.js:25:13", $0] } ?? []
    }

    func report(eval: Bool) -> String {
        let tail = frames + ["@(shell\(eval ? " eval" : "")):1:1"]
        return "uncaught exception: \(prefix)\(message) :\n" + tail.joined(separator: "\n") + "\n"
    }
}

/// A value the evaluator produced.
enum MongoShellValue: Sendable {
    case json(JSONValue)
    case undefined
    case database(String)
    case collection(database: String, name: String)
    case cursor(MongoShellCursor)
    /// Text printed as is (e.g. `show dbs`).
    case text(String)
}

/// A `find()` not yet iterated.
struct MongoShellCursor: Sendable {
    var database: String
    var collection: String
    var filter: JSONValue
    var limit: Int = 0
    var skip: Int = 0
    var pretty = false
}
