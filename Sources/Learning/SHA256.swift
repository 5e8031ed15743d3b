import Foundation

/// SHA-256 (FIPS 180-4, section 6.2), for model-file checksums and training-data fingerprints.
/// Written here because Foundation on Linux has no hash API and the package takes no crypto
/// dependency. Streaming: `update` any number of times, then `finalize`.
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() { buffer.reserveCapacity(64) }

    /// Hashes more message bytes.
    public mutating func update<D: Sequence>(_ bytes: D) where D.Element == UInt8 {
        // Contiguous inputs ([UInt8], Data, slices) are hashed in place; others are copied once.
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update(buffer: $0) } }
    }

    /// Hashes more message bytes (fast path for `Data`, whose storage may not be contiguous).
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update(buffer: $0) }
    }

    private mutating func update(buffer p: UnsafeRawBufferPointer) {
        guard let base = p.baseAddress?.assumingMemoryBound(to: UInt8.self), p.count > 0 else { return }
        length &+= UInt64(p.count)
        var i = 0
        // Top up a partial block first.
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, p.count)
            buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: take))
            i = take
            if buffer.count == 64 {
                let block = buffer
                block.withUnsafeBufferPointer { compress($0.baseAddress!) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        while i + 64 <= p.count {
            compress(base + i)
            i += 64
        }
        if i < p.count { buffer.append(contentsOf: UnsafeBufferPointer(start: base + i, count: p.count - i)) }
    }

    /// The 32-byte digest; call once, at the end. Pads as FIPS 180-4 section 5.1.1: a 1 bit, zeros, 64-bit bit length.
    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail: [UInt8] = [0x80]
        let used = (buffer.count + 1) % 64
        tail += Array(repeating: 0, count: (used <= 56 ? 56 - used : 120 - used))
        for k in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(k) * 8))) }
        let savedLength = length
        update(tail)
        length = savedLength
        let s = state
        return [s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7].flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (24 - 8 * $0)) } }
    }

    /// One-shot digest of `bytes`.
    public static func hash<D: Sequence>(_ bytes: D) -> [UInt8] where D.Element == UInt8 {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }

    /// One-shot digest of `data`.
    public static func hash(_ data: Data) -> [UInt8] {
        var h = SHA256()
        h.update(data)
        return h.finalize()
    }

    /// Lower-case hexadecimal digest of `data`.
    public static func hexDigest(_ data: Data) -> String { hex(hash(data)) }

    /// Lower-case hexadecimal digest of `bytes` (as `sha256sum` prints it).
    public static func hexDigest<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        hex(hash(bytes))
    }

    private static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The round constants K (first 32 bits of the fractional parts of the cube roots of the first 64 primes).
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// Processes one 64-byte block (FIPS 180-4 section 6.2.2).
    private mutating func compress(_ block: UnsafePointer<UInt8>) {
        @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 {
                let b = block + 4 * t
                w[t] = UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
            }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            SHA256.k.withUnsafeBufferPointer { k in
                for t in 0..<64 {
                    let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
                    let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                    h = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
                }
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                     state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
        }
    }
}
