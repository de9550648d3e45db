import Foundation

extension ShellPolicy {
    /// Single-letter curl options that take a value.
    static let curlShortWithValue: Set<Character> = [
        "A", "b", "c", "C", "d", "D", "e", "E", "F", "H", "K", "m", "o", "P", "Q", "r", "t", "T", "u", "U", "w", "x",
        "X", "y", "Y", "z",
    ]
    /// Long curl options that take a value.
    static let curlLongWithValue: Set<String> = [
        "user-agent", "cookie", "cookie-jar", "continue-at", "data", "data-ascii", "data-binary", "data-raw",
        "data-urlencode", "dump-header", "referer", "cert", "cert-type", "key", "key-type", "form", "form-string",
        "header", "config", "max-time", "output", "output-dir", "ftp-port", "quote", "range", "telnet-option",
        "upload-file", "user", "proxy-user", "write-out", "proxy", "request", "speed-limit", "speed-time",
        "time-cond", "url", "connect-timeout", "retry", "retry-delay", "retry-max-time", "max-filesize",
        "max-redirs", "cacert", "capath", "ciphers", "interface", "resolve", "connect-to", "unix-socket",
        "abstract-unix-socket", "preproxy", "proxy-header", "trace", "trace-ascii", "stderr", "libcurl",
        "etag-save", "etag-compare", "hsts", "alt-svc", "netrc-file", "doh-url", "proto", "proto-redir",
        "proto-default", "json", "variable", "expect100-timeout", "happy-eyeballs-timeout-ms", "keepalive-time",
        "local-port", "noproxy", "oauth2-bearer", "pinnedpubkey", "socks4", "socks4a", "socks5",
        "socks5-hostname", "aws-sigv4", "dns-servers", "url-query", "request-target", "rate",
    ]
    private static let curlRefusedOptions: [String: String] = [
        "-K": "reads options from a file", "--config": "reads options from a file",
        "-x": "sends traffic through a proxy", "--proxy": "sends traffic through a proxy",
        "--preproxy": "sends traffic through a proxy", "--socks4": "sends traffic through a proxy",
        "--socks4a": "sends traffic through a proxy", "--socks5": "sends traffic through a proxy",
        "--socks5-hostname": "sends traffic through a proxy",
        "--resolve": "maps host names to other addresses", "--connect-to": "connects to another address",
        "--unix-socket": "connects to a local socket", "--abstract-unix-socket": "connects to a local socket",
        "--doh-url": "resolves names through another server", "--dns-servers": "uses other name servers",
        "--proto-default": "changes the default protocol", "--netrc-file": "reads credentials from a file",
        "-L": "follows redirects, which may lead to other hosts",
        "--location": "follows redirects, which may lead "
            + "to other hosts", "--location-trusted": "follows redirects, which may lead to other hosts",
        "--libcurl": "writes a source file", "--variable": "reads variables from files or the environment",
    ]
    /// Options whose values are files curl writes.
    private static let curlWriteOptions: Set<String> = [
        "-o", "--output", "--output-dir", "-c", "--cookie-jar", "-D", "--dump-header", "--trace", "--trace-ascii",
        "--stderr", "--etag-save", "--hsts", "--alt-svc",
    ]
    /// Options whose values are files curl reads.
    private static let curlReadOptions: Set<String> = [
        "-T", "--upload-file", "-E", "--cert", "--key", "--cacert", "--capath", "--etag-compare",
    ]

    static func checkCurl(_ args: [String], _ context: Context) throws(ShellRefusal) {
        let scan = ShellOptions(args, shortWithValue: curlShortWithValue, longWithValue: curlLongWithValue)
        for option in scan.options {
            if let why = curlRefusedOptions[option.name] {
                throw ShellRefusal(
                    "Error: Cannot use `curl \(option.name)` because it \(why); curl may only talk "
                        + "to the cluster's addresses directly. Use e.g. `curl -s http://<cluster-ip>:<port>/`.")
            }
            guard let value = option.value else { continue }
            if curlWriteOptions.contains(option.name) {
                if value != "-" && value != "/dev/null" {
                    try context.requireInside(value, "`curl \(option.name)` can only write")
                }
            } else if curlReadOptions.contains(option.name) {
                if value != "-" { try context.requireInside(value, "`curl \(option.name)` can only read") }
            } else if ["-d", "--data", "--data-ascii", "--data-binary", "--data-urlencode", "--json"]
                .contains(option.name)
            {
                try checkCurlDataFile(value, option.name, context)
            } else if ["-F", "--form"].contains(option.name), let eq = value.firstIndex(of: "=") {
                try checkCurlDataFile(String(value[value.index(after: eq)...]), option.name, context)
            } else if ["-b", "--cookie"].contains(option.name), !value.contains("=") {
                try context.requireInside(value, "`curl \(option.name)` can only read")
            }
        }
        let urls = scan.operands + (scan.afterSeparator ?? []) + scan.values("--url")
        for url in urls {
            try checkCurlURL(url, context)
        }
    }

    /// `@file` and `<file` values name files curl reads.
    private static func checkCurlDataFile(
        _ value: String, _ option: String, _ context: Context
    )
        throws(ShellRefusal)
    {
        guard let first = value.first, first == "@" || first == "<" else { return }
        let path = String(value.dropFirst())
        if path == "-" { return }
        try context.requireInside(path, "`curl \(option) @file` can only read")
    }

    /// Refuses a URL whose host is not one of the cluster's addresses, or whose scheme is not http/https.
    static func checkCurlURL(_ url: String, _ context: Context) throws(ShellRefusal) {
        guard let host = curlHost(url) else {
            throw ShellRefusal(
                "Error: Cannot use `curl \(url)`: only http:// and https:// URLs with a plain "
                    + "IPv4 address are allowed. Use e.g. `curl -s http://<cluster-ip>:<port>/`.")
        }
        guard context.addresses.matches(host) else {
            let allowed = context.addresses.patterns.joined(separator: ", ")
            throw ShellRefusal(
                "Error: Cannot use `curl` to `\(host)`: curl may only reach the cluster's "
                    + "addresses (\(allowed)). Find a Service's address with `kubectl get svc -n <namespace>`, then "
                    + "`curl -s http://<cluster-ip>:<port>/`.")
        }
    }

    /// The host of a curl URL (scheme optional, default http), or `nil` for other schemes and unparseable hosts.
    static func curlHost(_ url: String) -> String? {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            let name = rest[..<scheme.lowerBound].lowercased()
            guard name == "http" || name == "https" else { return nil }
            rest = rest[scheme.upperBound...]
        } else if rest.contains(":"), let colon = rest.firstIndex(of: ":"),
            !rest[..<colon].allSatisfy({ $0.isNumber || $0 == "." })
        {
            return nil
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        if hostPort.contains("[") || hostPort.contains("{") || hostPort.contains("\\") { return nil }
        let host = hostPort.split(separator: ":", omittingEmptySubsequences: false).first ?? ""
        guard !host.isEmpty, hostPort.split(separator: ":", omittingEmptySubsequences: false).count <= 2 else {
            return nil
        }
        return String(host)
    }
}
