/// Kubernetes' name and value checks (`k8s.io/apimachinery/pkg/util/validation`), returning its error messages.
///
/// Each function returns an empty array for a valid input, otherwise one message per problem, worded as
/// Kubernetes words them (including the regex text it prints).
public enum NameValidation {
    /// The regex text of a DNS-1123 label.
    public static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    /// The regex text of a DNS-1123 subdomain.
    public static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    /// The regex text of a DNS-1035 label.
    public static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"
    /// The regex text of the name part of a qualified name.
    public static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    /// The regex text of a label value.
    public static let labelValueFormat = "(" + qualifiedNameFormat + ")?"
    /// The regex text of an environment variable name.
    public static let envVarNameFormat = "[-._a-zA-Z][-._a-zA-Z0-9]*"

    /// `must be no more than N characters`.
    public static func maxLengthError(_ length: Int) -> String {
        "must be no more than \(length) characters"
    }

    /// Kubernetes' `RegexError`: the message, examples and the regex used.
    public static func regexError(_ message: String, _ format: String, _ examples: [String]) -> String {
        if examples.isEmpty { return message + " (regex used for validation is '\(format)')" }
        var text = message + " (e.g. "
        for (index, example) in examples.enumerated() {
            if index > 0 { text += " or " }
            text += "'\(example)', "
        }
        return text + "regex used for validation is '\(format)')"
    }

    /// Checks a DNS-1123 label (at most 63 characters), e.g. a container or namespace name.
    public static func dns1123Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 63 { errors.append(maxLengthError(63)) }
        if !isDNS1123Label(value) {
            errors.append(
                regexError(
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                        + "start and end with an alphanumeric character", dns1123LabelFormat, ["my-name", "123-abc"]))
        }
        return errors
    }

    /// Checks a DNS-1123 subdomain (at most 253 characters), e.g. most object names.
    public static func dns1123Subdomain(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 253 { errors.append(maxLengthError(253)) }
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        if value.isEmpty || !labels.allSatisfy({ isDNS1123Label(String($0)) }) {
            errors.append(
                regexError(
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                        + "and must start and end with an alphanumeric character", dns1123SubdomainFormat,
                    ["example.com"]))
        }
        return errors
    }

    /// Checks a DNS-1035 label (at most 63 characters, starts with a letter), e.g. a Service name.
    public static func dns1035Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 63 { errors.append(maxLengthError(63)) }
        let valid = isDNS1123Label(value) && (value.first.map { $0.isASCII && $0.isLetter } ?? false)
        if !valid {
            errors.append(
                regexError(
                    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                        + "alphabetic character, and end with an alphanumeric character", dns1035LabelFormat,
                    ["my-name", "abc-123"]))
        }
        return errors
    }

    /// Checks a qualified name such as a label or annotation key: `[prefix/]name`.
    public static func qualifiedName(_ value: String) -> [String] {
        var errors: [String] = []
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name: String
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += dns1123Subdomain(parts[0]).map { "prefix part " + $0 }
            }
        default:
            return [
                "a qualified name "
                    + regexError(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"])
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.count > 63 {
            errors.append("name part " + maxLengthError(63))
        }
        if !name.isEmpty && !isQualifiedNamePart(name) {
            errors.append(
                "name part " + regexError(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"]))
        }
        return errors
    }

    /// Checks a label value (empty, or at most 63 characters of the qualified-name alphabet).
    public static func labelValue(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 63 { errors.append(maxLengthError(63)) }
        if !value.isEmpty && !isQualifiedNamePart(value) {
            errors.append(
                regexError(
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                        + "and must start and end with an alphanumeric character", labelValueFormat,
                    ["MyValue", "my_value", "12345"]))
        }
        return errors
    }

    /// Checks a port number: `must be between 1 and 65535, inclusive`.
    public static func portNumber(_ value: Int64) -> [String] {
        (1...65535).contains(value) ? [] : ["must be between 1 and 65535, inclusive"]
    }

    /// Checks a named port (IANA service name), e.g. `http`.
    public static func portName(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 15 { errors.append(maxLengthError(15)) }
        let lowerDigitsHyphen = value.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
        if value.isEmpty || !lowerDigitsHyphen {
            errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        } else if !value.unicodeScalars.contains(where: { ("a"..."z").contains($0) }) {
            errors.append("must contain at least one letter (a-z)")
        }
        if value.contains("--") { errors.append("must not contain consecutive hyphens") }
        if value.hasPrefix("-") || value.hasSuffix("-") { errors.append("must not begin or end with a hyphen") }
        return errors
    }

    /// Checks an environment variable name.
    public static func envVarName(_ value: String) -> [String] {
        let scalars = Array(value.unicodeScalars)
        func allowed(_ scalar: Unicode.Scalar, first: Bool) -> Bool {
            if scalar == "-" || scalar == "." || scalar == "_" { return true }
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) { return true }
            return !first && ("0"..."9").contains(scalar)
        }
        let valid = !scalars.isEmpty && scalars.enumerated().allSatisfy { allowed($1, first: $0 == 0) }
        if valid { return [] }
        return [
            regexError(
                "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
                    + "and must not start with a digit", envVarNameFormat, ["my.env-name", "MY_ENV.NAME", "MyEnvName1"])
        ]
    }

    static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
        + "character"

    /// Whether a string matches `[a-z0-9]([-a-z0-9]*[a-z0-9])?` (length not checked).
    static func isDNS1123Label(_ value: String) -> Bool {
        let scalars = Array(value.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        func alnum(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) }
        return alnum(first) && alnum(last) && scalars.allSatisfy { alnum($0) || $0 == "-" }
    }

    /// Whether a string matches `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]` (length not checked).
    static func isQualifiedNamePart(_ value: String) -> Bool {
        let scalars = Array(value.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        func alnum(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        return alnum(first) && alnum(last) && scalars.allSatisfy { alnum($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }
}
