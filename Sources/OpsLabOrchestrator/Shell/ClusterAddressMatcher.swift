import Foundation

/// Decides whether a URL host belongs to the cluster.
///
/// Each pattern is an exact IPv4 address (`127.42.0.7`), a CIDR block (`127.42.0.0/16`), a dotted prefix ending
/// in `.` (`127.42.`), or a host name that must match exactly (`localhost`, only when listed). Hosts written in
/// non-canonical IPv4 forms (`127.1`, `0x7f.0.0.1`, `2130706433`) never match a numeric pattern, so they are
/// refused rather than resolved.
public struct ClusterAddressMatcher: Sendable, Hashable {
    /// The patterns as given.
    public var patterns: [String]

    /// Creates a matcher.
    public init(_ patterns: [String]) {
        self.patterns = patterns
    }

    /// Whether `host` (no port, no brackets) is one of the cluster's addresses.
    public func matches(_ host: String) -> Bool {
        let host = host.lowercased()
        let address = Self.ipv4(host)
        for pattern in patterns {
            let pattern = pattern.lowercased().trimmingCharacters(in: .whitespaces)
            if pattern.isEmpty { continue }
            if let slash = pattern.firstIndex(of: "/") {
                guard let address, let network = Self.ipv4(String(pattern[..<slash])),
                    let bits = Int(pattern[pattern.index(after: slash)...]), (0...32).contains(bits)
                else { continue }
                let mask: UInt32 = bits == 0 ? 0 : UInt32.max << UInt32(32 - bits)
                if address & mask == network & mask { return true }
            } else if pattern.hasSuffix(".") {
                if address != nil, host.hasPrefix(pattern) { return true }
            } else if host == pattern {
                return true
            }
        }
        return false
    }

    /// Parses a canonical dotted-quad IPv4 address (four decimal octets, no leading zeros).
    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0 >= "0" && $0 <= "9" }),
                part == "0" || !part.hasPrefix("0"), let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        return value
    }
}
