import Foundation
import Testing

@testable import OpsLabCore

@Suite("JSON parser")
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    @Test("values of every kind, integers kept apart from doubles")
    func kinds() throws {
        let value = try parse(
            #" {"a": [1, -2, 3.5, 1e3, 9223372036854775807, 9223372036854775808, true, false, null], "b": {}, "c": []} "#
        )
        #expect(
            value == [
                "a": [
                    1, -2, .double(3.5), .double(1000), .int(Int64.max), .double(9_223_372_036_854_775_808), true,
                    false, .null,
                ],
                "b": .object([:]), "c": .array([]),
            ])
        #expect(try parse("0") == 0)
        #expect(try parse("-0.25") == .double(-0.25))
        #expect(try parse("\"x\"") == "x")
    }

    @Test("string escapes, surrogate pairs and raw UTF-8")
    func strings() throws {
        #expect(try parse(#""a\"b\\c\/d\n\t\r\b\f""#) == .string("a\"b\\c/d\n\t\r\u{08}\u{0C}"))
        #expect(try parse(#""\u00e9\u4e2d\ud83d\ude00""#) == .string("é中😀"))
        #expect(try parse("\"héllo 😀\"") == .string("héllo 😀"))
        #expect(try parse("\u{FEFF}{\"k\": 1}") == ["k": 1])
    }

    @Test("a repeated key keeps its last value")
    func repeatedKey() throws {
        #expect(try parse(#"{"k": 1, "k": 2}"#) == ["k": 2])
    }

    @Test(
        "malformed input is refused with a position",
        arguments: [
            "", "{", "[1,]", "{\"a\" 1}", "{\"a\": 1,}", "01", "1.", "-", "1e", "tru", "nul", "\"open", "\"\\x\"",
            "\"\\ud800\"", "\"a\u{01}b\"", "[1] 2", "{'a': 1}", "NaN", "+1",
        ])
    func malformed(_ text: String) {
        #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch let error as JSONError {
            #expect(error.message.hasPrefix("invalid JSON: "))
            #expect(error.message.contains(" at byte "))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("deep nesting is refused instead of overflowing the stack")
    func depth() throws {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONError.self) { try JSONValue(parsing: deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(try JSONValue(parsing: fine).arrayValue?.count == 1)
    }

    @Test("a document round-trips through the writer")
    func roundTrip() throws {
        let value: JSONValue = [
            "name": "geo", "ports": [["port": 8083, "ratio": .double(0.5)]], "ok": true, "n": .null,
        ]
        #expect(try JSONValue(parsing: value.jsonData()) == value)
        #expect(try JSONValue(parsing: value.jsonData(pretty: true)) == value)
    }
}
