import JSON
import Linalg
import Testing

/// The strict JSON reader (Sources/JSON/JSONParser.swift): escapes, surrogates, numbers at the
/// edges of a Double, exact round trips, duplicate keys, nesting and trailing text. Every
/// refusal is checked by its message, since those messages are what users see.
@Suite struct JSONParserTests {
    // MARK: - Helpers

    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// The string a document holding one JSON string reads as.
    private func string(_ text: String) throws -> String {
        guard case .string(let value) = try parse(text) else { Issue.record("not a string: \(text)"); return "" }
        return value
    }

    /// The number a document holding one JSON number reads as.
    private func number(_ text: String) throws -> Double {
        guard case .number(let value) = try parse(text) else { Issue.record("not a number: \(text)"); return .nan }
        return value
    }

    /// The error reading `text` throws, or nil (recorded as an issue) when it reads fine.
    private func refusal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONSyntaxError? {
        do {
            let value = try parse(text)
            Issue.record("accepted \(text) as \(value)", sourceLocation: sourceLocation)
            return nil
        } catch let error as JSONSyntaxError {
            return error
        } catch {
            Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    // MARK: - Strings

    @Test func everyShortEscapeReadsAsItsCharacter() throws {
        #expect(try string(#""a\nb""#) == "a\nb")
        #expect(try string(#""\t""#) == "\t")
        #expect(try string(#""\"""#) == "\"")
        #expect(try string(#""\\""#) == "\\")
        #expect(try string(#""\/""#) == "/")
        #expect(try string(#""\b""#) == "\u{08}")
        #expect(try string(#""\f""#) == "\u{0C}")
        #expect(try string(#""\r""#) == "\r")
        #expect(try string(#""x\n\t\"\\\/\b\f\ry""#) == "x\n\t\"\\/\u{08}\u{0C}\ry")
    }

    @Test func unicodeEscapesReadAsTheirScalarInEitherCase() throws {
        #expect(try string(#""\u0041""#) == "A")
        #expect(try string(#""\u00e9\u00E9""#) == "éé")
        #expect(try string(#""\u0000""#) == "\u{0}")
        #expect(try string(#""\uffff""#).unicodeScalars.map(\.value) == [0xFFFF])
        #expect(try string("\"caf\u{e9} \u{1F600}\"") == "café 😀")  // raw UTF-8 passes through
    }

    @Test func aSurrogatePairReadsAsOneScalar() throws {
        let text = try string(#""\ud83d\ude00""#)
        #expect(text.unicodeScalars.map(\.value) == [0x1F600])
        #expect(try string(#""\uD83D\uDE00!""#).unicodeScalars.map(\.value) == [0x1F600, 0x21])
        #expect(try string(#""\udbff\udfff""#).unicodeScalars.map(\.value) == [0x10FFFF])
    }

    @Test func loneOrMismatchedSurrogatesAreRefusedByName() {
        #expect(refusal(#""\ud83d""#)?.problem == #"unpaired surrogate \ud83d"#)
        #expect(refusal(#""\ud83dx""#)?.problem == #"unpaired surrogate \ud83d"#)
        #expect(refusal(#""\ud83d\n""#)?.problem == #"unpaired surrogate \ud83d"#)
        #expect(refusal(#""\ud83d\u0041""#)?.problem == #"unpaired surrogate \ud83d"#)
        #expect(refusal(#""\ud83d\ud83d""#)?.problem == #"unpaired surrogate \ud83d"#)
        #expect(refusal(#""\ude00""#)?.problem == #"unpaired surrogate \ude00"#)
        #expect(refusal(#""\ude00\ud83d""#)?.problem == #"unpaired surrogate \ude00"#)
    }

    @Test func malformedEscapesAndRawControlCharactersAreRefused() {
        #expect(refusal(#""\x""#)?.problem == #"unknown escape '\x'"#)
        #expect(refusal(#""\u12""#)?.problem == #"expected four hexadecimal digits after \u"#)
        #expect(refusal(#""\u12g4""#)?.problem == #"expected four hexadecimal digits after \u"#)
        // Integer parsing accepts a sign; \u takes exactly four hexadecimal digits.
        #expect(refusal(#""\u+041""#)?.problem == #"expected four hexadecimal digits after \u"#)
        #expect(refusal(#""\u-000""#)?.problem == #"expected four hexadecimal digits after \u"#)
        #expect(refusal(#""\ud83d\u+e00""#)?.problem == #"expected four hexadecimal digits after \u"#)
        #expect(refusal("\"a\u{01}b\"")?.problem == "control character in a string (escape it)")
        #expect(refusal("\"a\nb\"")?.problem == "control character in a string (escape it)")
        let unterminated = refusal("[\"abc")
        #expect(unterminated?.problem == "unterminated string")
        #expect(unterminated?.column == 2)
        #expect(refusal(#""\"#)?.problem == "unterminated escape")
    }

    @Test func invalidUTF8InAStringIsRefusedNotReplaced() {
        func refusal(_ bytes: [UInt8]) -> JSONSyntaxError? {
            do { let value = try JSONParser.parse(bytes); Issue.record("accepted as \(value)"); return nil }
            catch { return error as? JSONSyntaxError }
        }
        let latin1 = refusal([0x5B, 0x22, 0x63, 0x61, 0x66, 0xE9, 0x22, 0x5D])  // ["caf\xE9"]
        #expect(latin1?.problem == "invalid UTF-8 in a string")
        #expect(latin1?.column == 2)
        #expect(refusal([0x22, 0xFF, 0x22])?.problem == "invalid UTF-8 in a string")
        #expect(refusal([0x22, 0xC3, 0x5C, 0x6E, 0x22])?.problem == "invalid UTF-8 in a string")  // cut before an escape
        #expect(refusal([0x22, 0xED, 0xA0, 0xBD, 0x22])?.problem == "invalid UTF-8 in a string")  // an encoded surrogate
    }

    // MARK: - Numbers

    @Test func zeroAndNegativeZeroKeepTheirSign() throws {
        #expect(try number("0").bitPattern == 0)
        #expect(try number("-0").bitPattern == (-0.0).bitPattern)
        #expect(try number("-0.0e5").sign == .minus)
    }

    @Test func numbersAtTheEdgesOfADoubleReadExactly() throws {
        #expect(try number("1e308") == 1e308)
        #expect(try number("1.7976931348623157e308") == .greatestFiniteMagnitude)
        #expect(try number("-1.7976931348623157e308") == -.greatestFiniteMagnitude)
        #expect(try number("2.2250738585072014e-308") == .leastNormalMagnitude)
        let subnormal = try number("1e-320")
        #expect(subnormal.isSubnormal)
        #expect(subnormal.bitPattern == 2024)  // 1e-320 / 2^-1074, correctly rounded
        #expect(try number("5e-324") == .leastNonzeroMagnitude)
        // Below half the least subnormal a literal rounds to zero (RFC 8259 allows it).
        #expect(try number("1e-400") == 0)
    }

    @Test func integersUpToTwoToThe53ReadExactly() throws {
        #expect(try number("9007199254740992") == 0x1p53)
        #expect(try number("-9007199254740992") == -0x1p53)
        #expect(try number("9007199254740991") == 0x1p53 - 1)
        // One past 2^53 is not a Double: it rounds to even, 2^53.
        #expect(try number("9007199254740993") == 0x1p53)
        #expect(try number("123456789") == 123_456_789)
    }

    @Test func everyExponentFormReads() throws {
        #expect(try number("1E+2") == 100)
        #expect(try number("1e+2") == 100)
        #expect(try number("1E2") == 100)
        #expect(try number("1e-2") == 0.01)
        #expect(try number("2.5E-3") == 0.0025)
        #expect(try number("-1.5e0") == -1.5)
        #expect(try number("1e-05") == 0.00001)  // how Swift's description writes it
    }

    @Test func numbersOutsideTheGrammarAreRefused() {
        #expect(refusal("01")?.problem == "unexpected text after the JSON value")
        #expect(refusal("-01")?.problem == "unexpected text after the JSON value")
        #expect(refusal("0x10")?.problem == "unexpected text after the JSON value")
        #expect(refusal("1.")?.problem == "malformed number: expected a digit after '.'")
        #expect(refusal("1.e5")?.problem == "malformed number: expected a digit after '.'")
        #expect(refusal(".5")?.problem == "unexpected character '.'; expected a value")
        #expect(refusal("+1")?.problem == "unexpected character '+'; expected a value")
        #expect(refusal("-")?.problem == "malformed number: expected a digit")
        #expect(refusal("-a")?.problem == "malformed number: expected a digit")
        #expect(refusal("1e")?.problem == "malformed number: expected exponent digits")
        #expect(refusal("1e+")?.problem == "malformed number: expected exponent digits")
    }

    @Test func nonFiniteNumbersAreRefused() {
        let nonFinite = "non-finite number (NaN or Infinity) is not valid JSON; every number must be finite"
        #expect(refusal("NaN")?.problem == nonFinite)
        #expect(refusal("Infinity")?.problem == nonFinite)
        #expect(refusal("[1, NaN]")?.problem == nonFinite)
        #expect(refusal("-Infinity")?.problem
                == "non-finite number (-Infinity) is not valid JSON; every number must be finite")
        #expect(refusal("1e309")?.problem == "the number 1e309 is outside the range of a Double")
        #expect(refusal("-1e309")?.problem == "the number -1e309 is outside the range of a Double")
        #expect(refusal("1.8e308")?.problem == "the number 1.8e308 is outside the range of a Double")
    }

    @Test func shortestDecimalsOfRandomDoublesReadBackBitIdentical() throws {
        var generator = SeededGenerator(seed: 20_261_203)
        var checked = 0
        var mismatches: [String] = []
        while checked < 5000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            checked += 1
            let read = try number(value.description)
            if read.bitPattern != value.bitPattern { mismatches.append(value.description) }
            // The writer's text reads back too.
            let written = try parse(JSONWriter.text(of: .array([.number(value)])))
            if written != .array([.number(value)]) { mismatches.append("written \(value.description)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    // MARK: - Objects, nesting, trailing text

    @Test func aDuplicateKeyIsRefusedByNameAtItsPosition() {
        let flat = refusal(#"{"a": 1, "a": 2}"#)
        #expect(flat?.problem == #"duplicate key "a""#)
        #expect(flat?.line == 1)
        #expect(flat?.column == 10)
        let nested = refusal("{\n  \"b\": {\"x\": 1,\n         \"x\": 2}}")
        #expect(nested?.problem == #"duplicate key "x""#)
        #expect(nested?.line == 3)
        #expect(nested?.column == 10)
        // Keys are compared after their escapes are read.
        #expect(refusal(#"{"a": 1, "\u0061": 2}"#)?.problem == #"duplicate key "a""#)
    }

    /// Keys are compared scalar by scalar, as JSON defines them, not by Swift's canonical
    /// equivalence: "\u00e9" (é) and "e\u0301" (e and a combining accent) are two keys.
    @Test func canonicallyEquivalentButDifferentKeysAreBothKept() throws {
        let value = try parse(#"{"\u00e9": 1, "e\u0301": 2}"#)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map { $0.key.unicodeScalars.map(\.value) } == [[0xE9], [0x65, 0x301]])
    }

    @Test func theSameKeyInDifferentObjectsIsFineAndOrderIsKept() throws {
        let value = try parse(#"[{"a": 1, "b": 2}, {"a": 3}]"#)
        #expect(value == .array([.object([("a", .number(1)), ("b", .number(2))]), .object([("a", .number(3))])]))
        #expect(try parse(#"{"b": 1, "a": 2}"#) == .object([("b", .number(1)), ("a", .number(2))]))
    }

    @Test func nestingUpTo256LevelsReadsAndDeeperIsRefusedWithoutCrashing() throws {
        let deepest = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        var value = try parse(deepest)
        var depth = 0
        while case .array(let items) = value, let first = items.first { value = first; depth += 1 }
        #expect(depth == 255)
        let tooDeep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect(refusal(tooDeep)?.problem == "nesting deeper than 256 levels")
        // Far deeper than any stack could recurse: refused at level 256, not a stack overflow.
        let objects = String(repeating: #"{"a":"#, count: 200_000) + "1" + String(repeating: "}", count: 200_000)
        #expect(refusal(objects)?.problem == "nesting deeper than 256 levels")
        #expect(refusal(String(repeating: "[", count: 1_000_000))?.problem == "nesting deeper than 256 levels")
    }

    @Test func trailingTextAfterTheValueIsRefused() {
        let garbage = refusal("{} x")
        #expect(garbage?.problem == "unexpected text after the JSON value")
        #expect(garbage?.column == 4)
        #expect(refusal("1 2")?.problem == "unexpected text after the JSON value")
        #expect(refusal("[1]]")?.problem == "unexpected text after the JSON value")
        #expect(refusal("nulll")?.problem == "unexpected text after the JSON value")
        #expect(refusal("\"a\"\"b\"")?.problem == "unexpected text after the JSON value")
        #expect(refusal("[1,]")?.problem == "unexpected character ']'; expected a value")
        #expect(refusal(#"{"a": 1,}"#)?.problem == "expected a quoted key")
        #expect(refusal("")?.problem == "unexpected end of file; expected a value")
    }

    @Test func whitespaceAroundTheValueIsAllowed() throws {
        #expect(try parse(" \t\r\n[ 1 , true , null ]\n ") == .array([.number(1), .bool(true), .null]))
    }
}
