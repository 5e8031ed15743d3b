/// MSB-first bit writer for the FLAC encoder.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var acc: UInt64 = 0
    private var count = 0

    mutating func put(_ value: UInt64, _ n: Int) {
        guard n > 0 else { return }
        let v = n == 64 ? value : value & ((1 << UInt64(n)) - 1)
        if n > 32 { put(v >> 32, n - 32); put(v & 0xFFFF_FFFF, 32); return }
        acc = acc << UInt64(n) | v
        count += n
        while count >= 8 {
            count -= 8
            bytes.append(UInt8(truncatingIfNeeded: acc >> UInt64(count)))
        }
    }

    mutating func putSigned(_ value: Int, _ n: Int) { put(UInt64(bitPattern: Int64(value)), n) }

    mutating func alignToByte() { if count > 0 { put(0, 8 - count) } }
}

/// A small FLAC encoder for tests: fixed blocks of 4096, each channel coded independently as a
/// constant, fixed-predictor (order 0-4, the cheapest) or verbatim subframe, Rice partition order
/// 0. Writes STREAMINFO with the MD5 of the samples, and CRC-8/CRC-16 on every frame, so the
/// reference `flac -t` accepts the result.
enum FLACEncoder {
    static let blockSize = 4096

    static func encode(_ channels: [[Int]], sampleRate: Int, bits: Int) -> [UInt8] {
        let n = channels[0].count, c = channels.count
        var md5 = MD5()
        let bytesPer = (bits + 7) / 8
        var raw: [UInt8] = []
        raw.reserveCapacity(n * c * bytesPer)
        for i in 0..<n { for ch in channels { for b in 0..<bytesPer { raw.append(UInt8(truncatingIfNeeded: ch[i] >> (8 * b))) } } }
        md5.update(raw)
        var info = BitWriter()
        info.put(UInt64(blockSize), 16)
        info.put(UInt64(blockSize), 16)
        info.put(0, 24)
        info.put(0, 24)
        info.put(UInt64(sampleRate), 20)
        info.put(UInt64(c - 1), 3)
        info.put(UInt64(bits - 1), 5)
        info.put(UInt64(n), 36)
        var out = Array("fLaC".utf8) + [0x80, 0, 0, 34] + info.bytes + md5.finalize()
        var frameNumber = 0
        var start = 0
        while start < n {
            let len = min(blockSize, n - start)
            out += frame(channels.map { Array($0[start..<start + len]) }, number: frameNumber, bits: bits)
            start += len
            frameNumber += 1
        }
        return out
    }

    static func frame(_ block: [[Int]], number: Int, bits: Int) -> [UInt8] {
        let len = block[0].count
        var w = BitWriter()
        w.put(0x3FFE, 14)
        w.put(0, 1)
        w.put(0, 1)                                      // fixed block size
        w.put(len == blockSize ? 12 : 7, 4)              // 12: 4096; 7: 16-bit size at end of header
        w.put(0, 4)                                      // sample rate from STREAMINFO
        w.put(UInt64(block.count - 1), 4)                // independent channels
        let sizeCode = [8: 1, 12: 2, 16: 4, 20: 5, 24: 6][bits] ?? 0
        w.put(UInt64(sizeCode), 3)
        w.put(0, 1)
        for byte in utf8Coded(number) { w.put(UInt64(byte), 8) }
        if len != blockSize { w.put(UInt64(len - 1), 16) }
        w.put(UInt64(FLACCRC.crc8(w.bytes[...])), 8)
        for ch in block { subframe(ch, bits: bits, into: &w) }
        w.alignToByte()
        w.put(UInt64(FLACCRC.crc16(w.bytes[...])), 16)
        return w.bytes
    }

    /// FLAC's UTF-8-style coding of the frame number (up to 36 bits).
    static func utf8Coded(_ v: Int) -> [UInt8] {
        if v < 0x80 { return [UInt8(v)] }
        var extra = 1
        while v >= 1 << (6 * extra + 6 - extra) { extra += 1 }
        var out: [UInt8] = []
        let lead = UInt8(truncatingIfNeeded: (0xFF00 >> (extra + 1)) & 0xFF)
        out.append(lead | UInt8(truncatingIfNeeded: v >> (6 * extra)))
        for i in (0..<extra).reversed() { out.append(0x80 | UInt8(truncatingIfNeeded: (v >> (6 * i)) & 0x3F)) }
        return out
    }

    static func subframe(_ x: [Int], bits: Int, into w: inout BitWriter) {
        let n = x.count
        if x.allSatisfy({ $0 == x[0] }) {
            w.put(0, 1); w.put(0, 6); w.put(0, 1)
            w.putSigned(x[0], bits)
            return
        }
        var best: (order: Int, k: Int, cost: Int, residual: [Int])?
        for order in 0...min(4, n - 1) {
            var r = [Int](repeating: 0, count: n - order)
            for i in order..<n {
                let p: Int
                switch order {
                case 0: p = 0
                case 1: p = x[i - 1]
                case 2: p = 2 * x[i - 1] - x[i - 2]
                case 3: p = 3 * x[i - 1] - 3 * x[i - 2] + x[i - 3]
                default: p = 4 * x[i - 1] - 6 * x[i - 2] + 4 * x[i - 3] - x[i - 4]
                }
                r[i - order] = x[i] - p
            }
            let (k, riceBits) = bestRice(r)
            let cost = order * bits + 6 + riceBits
            if best == nil || cost < best!.cost { best = (order, k, cost, r) }
        }
        guard let best, best.cost < n * bits else {
            w.put(0, 1); w.put(1, 6); w.put(0, 1)
            for v in x { w.putSigned(v, bits) }
            return
        }
        w.put(0, 1); w.put(UInt64(8 + best.order), 6); w.put(0, 1)
        for i in 0..<best.order { w.putSigned(x[i], bits) }
        w.put(0, 2)                                      // Rice, 4-bit parameters
        w.put(0, 4)                                      // partition order 0
        w.put(UInt64(best.k), 4)
        for v in best.residual {
            let u = UInt64(bitPattern: Int64(v >= 0 ? 2 * v : -2 * v - 1))
            let q = Int(u >> UInt64(best.k))
            for _ in 0..<q / 32 { w.put(0, 32) }
            w.put(1, q % 32 + 1)
            w.put(u, best.k)
        }
    }

    /// Cheapest Rice parameter 0...14 for the residual and its total bit count.
    static func bestRice(_ r: [Int]) -> (Int, Int) {
        let u = r.map { $0 >= 0 ? 2 * $0 : -2 * $0 - 1 }
        var best = (0, Int.max)
        for k in 0...14 {
            var total = 0
            for v in u { total += (v >> k) + 1 + k }
            if total < best.1 { best = (k, total) }
        }
        return best
    }
}
