import Testing
@testable import WebApp

/// Range headers as RFC 9110 §14.1.2 defines them, on a 1000-byte file.
struct ByteRangeTests {
    @Test func rangesOfAThousandBytes() {
        let cases: [(String?, ByteRange)] = [
            (nil, .whole), ("bytes=0-499", .partial(0...499)), ("bytes=500-999", .partial(500...999)),
            ("bytes=500-", .partial(500...999)), ("bytes=-500", .partial(500...999)), ("bytes=-5000", .partial(0...999)),
            ("bytes=900-5000", .partial(900...999)), ("bytes=0-0", .partial(0...0)), ("bytes=999-", .partial(999...999)),
            ("bytes=1000-", .unsatisfiable), ("bytes=5000-6000", .unsatisfiable), ("bytes=-0", .unsatisfiable),
            // Not a usable single byte range: ignored, the whole file is sent.
            ("bytes=500-100", .whole), ("bytes=0-1,5-6", .whole), ("items=0-5", .whole), ("bytes=a-b", .whole),
            ("bytes=-", .whole), ("bytes=+5-9", .whole), ("bytes=99999999999999999999999-", .whole), ("", .whole),
            (" bytes = 10-19 ", .whole), ("BYTES=10-19", .partial(10...19)),
        ]
        for (header, expected) in cases {
            #expect(ByteRange.parse(header, size: 1000) == expected, "\(header ?? "nil")")
        }
        #expect(ByteRange.parse("bytes=0-", size: 0) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-10", size: 0) == .unsatisfiable)
    }
}

/// The Host headers the server accepts (DNS-rebinding protection).
struct BoundAddressTests {
    @Test func loopbackAcceptsItsSpellingsAndAllInterfacesAcceptsAny() {
        let loopback = BoundAddress()
        loopback.set(host: "127.0.0.1", port: 8080)
        #expect(loopback.origin == "http://127.0.0.1:8080")
        #expect(loopback.allowedAuthorities == ["127.0.0.1:8080", "localhost:8080", "[::1]:8080"])
        let named = BoundAddress()
        named.set(host: "192.168.1.5", port: 80)
        #expect(named.allowedAuthorities == ["192.168.1.5:80"])
        let v6 = BoundAddress()
        v6.set(host: "::1", port: 9)
        #expect(v6.origin == "http://[::1]:9" && v6.allowedAuthorities.contains("[::1]:9"))
        let everywhere = BoundAddress()
        everywhere.set(host: "0.0.0.0", port: 8080)
        #expect(everywhere.allowedAuthorities.isEmpty)
    }
}
