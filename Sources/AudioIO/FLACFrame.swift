/// Stream parameters from a FLAC STREAMINFO block.
struct FLACStreamInfo {
    var sampleRate: Int
    var channels: Int
    var bitsPerSample: Int
    /// 0 when unknown.
    var totalSamples: UInt64
    var md5: [UInt8]
    var maxFrameSize: Int
}

/// A frame-level format violation (bad sync, CRC mismatch, reserved code).
struct FLACCorrupt: Error { let message: String }

/// One decoded FLAC frame: `samples[c][i]`, integers at `bitsPerSample`.
struct FLACDecodedFrame {
    var samples: [[Int]]
    var bitsPerSample: Int
    var sampleRate: Int
    /// Bytes the frame occupied.
    var byteCount: Int
}

/// Decodes one FLAC frame (FLAC format specification, RFC 9639 §9): header with CRC-8,
/// subframes (constant, verbatim, fixed order 0-4, LPC order 1-32, wasted bits), Rice-coded
/// residuals with 4- or 5-bit parameters and escape partitions, inter-channel decorrelation
/// (left/side, right/side, mid/side), zero padding and the CRC-16 footer.
enum FLACFrameDecoder {
    static func decode(_ bytes: [UInt8], at start: Int, info: FLACStreamInfo) throws -> FLACDecodedFrame {
        var r = FLACBitReader(bytes, byteOffset: start)
        let sync = try r.bits(15)
        guard sync == 0x7FFC else { throw FLACCorrupt(message: "lost frame sync") }
        _ = try r.bits(1)  // blocking strategy
        let blockCode = Int(try r.bits(4))
        let rateCode = Int(try r.bits(4))
        let channelCode = Int(try r.bits(4))
        let sizeCode = Int(try r.bits(3))
        guard try r.bits(1) == 0 else { throw FLACCorrupt(message: "reserved bit set in frame header") }
        // UTF-8-like coded frame or sample number.
        let first = try r.bits(8)
        let extra: Int
        switch first {
        case 0x00...0x7F: extra = 0
        case 0xC0...0xDF: extra = 1
        case 0xE0...0xEF: extra = 2
        case 0xF0...0xF7: extra = 3
        case 0xF8...0xFB: extra = 4
        case 0xFC...0xFD: extra = 5
        case 0xFE: extra = 6
        default: throw FLACCorrupt(message: "invalid coded frame number")
        }
        for _ in 0..<extra {
            guard try r.bits(8) & 0xC0 == 0x80 else { throw FLACCorrupt(message: "invalid coded frame number") }
        }
        let blockSize: Int
        switch blockCode {
        case 0: throw FLACCorrupt(message: "reserved block size code")
        case 1: blockSize = 192
        case 2...5: blockSize = 576 << (blockCode - 2)
        case 6: blockSize = Int(try r.bits(8)) + 1
        case 7: blockSize = Int(try r.bits(16)) + 1
        default: blockSize = 256 << (blockCode - 8)
        }
        var sampleRate = info.sampleRate
        switch rateCode {
        case 0: break
        case 1...11: sampleRate = [0, 88200, 176_400, 192_000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000][rateCode]
        case 12: sampleRate = Int(try r.bits(8)) * 1000
        case 13: sampleRate = Int(try r.bits(16))
        case 14: sampleRate = Int(try r.bits(16)) * 10
        default: throw FLACCorrupt(message: "invalid sample rate code")
        }
        let bps: Int
        switch sizeCode {
        case 0: bps = info.bitsPerSample
        case 3: throw FLACCorrupt(message: "reserved sample size code")
        default: bps = [0, 8, 12, 0, 16, 20, 24, 32][sizeCode]
        }
        let headerEnd = r.bytePos
        let crc8 = UInt8(try r.bits(8))
        guard FLACCRC.crc8(bytes[start..<headerEnd]) == crc8 else {
            throw FLACCorrupt(message: "frame header CRC-8 mismatch")
        }
        let channels: Int
        switch channelCode {
        case 0...7: channels = channelCode + 1
        case 8...10: channels = 2
        default: throw FLACCorrupt(message: "reserved channel assignment \(channelCode)")
        }
        guard channels == info.channels else {
            throw FLACCorrupt(message: "frame has \(channels) channels, STREAMINFO says \(info.channels)")
        }
        guard sampleRate == info.sampleRate, bps == info.bitsPerSample else {
            throw FLACCorrupt(message: "frame sample rate/bit depth differ from STREAMINFO")
        }
        var samples: [[Int]] = []
        samples.reserveCapacity(channels)
        for c in 0..<channels {
            // The side channel carries one extra bit.
            let sideChannel = (channelCode == 8 && c == 1) || (channelCode == 9 && c == 0) || (channelCode == 10 && c == 1)
            samples.append(try subframe(&r, blockSize: blockSize, bps: bps + (sideChannel ? 1 : 0)))
        }
        r.alignToByte()
        let frameEnd = r.bytePos
        let crc16 = UInt16(try r.bits(16))
        guard FLACCRC.crc16(bytes[start..<frameEnd]) == crc16 else {
            throw FLACCorrupt(message: "frame CRC-16 mismatch")
        }
        if channelCode >= 8 {
            var a = samples[0], b = samples[1]
            for i in 0..<blockSize {
                switch channelCode {
                case 8: b[i] = a[i] &- b[i]                       // left, side → right = left - side
                case 9: a[i] = a[i] &+ b[i]                       // side, right → left = side + right
                default:                                         // mid, side
                    let mid = (a[i] &<< 1) | (b[i] & 1), side = b[i]
                    a[i] = (mid &+ side) >> 1
                    b[i] = (mid &- side) >> 1
                }
            }
            samples = [a, b]
        }
        return FLACDecodedFrame(samples: samples, bitsPerSample: bps, sampleRate: sampleRate, byteCount: r.bytePos - start)
    }

    private static func subframe(_ r: inout FLACBitReader, blockSize n: Int, bps: Int) throws -> [Int] {
        guard try r.bits(1) == 0 else { throw FLACCorrupt(message: "subframe padding bit set") }
        let type = Int(try r.bits(6))
        var wasted = 0
        if try r.bits(1) == 1 { wasted = try r.unary() + 1 }
        guard wasted < bps else { throw FLACCorrupt(message: "wasted bits \(wasted) ≥ sample size \(bps)") }
        let size = bps - wasted
        var out: [Int]
        switch type {
        case 0:
            out = [Int](repeating: try r.signed(size), count: n)
        case 1:
            out = [Int](repeating: 0, count: n)
            for i in 0..<n { out[i] = try r.signed(size) }
        case 8...12:
            let order = type - 8
            guard order <= n else { throw FLACCorrupt(message: "predictor order exceeds block size") }
            out = [Int](repeating: 0, count: n)
            for i in 0..<order { out[i] = try r.signed(size) }
            try residual(&r, into: &out, order: order)
            restoreFixed(&out, order: order)
        case 32...63:
            let order = type - 31
            guard order <= n else { throw FLACCorrupt(message: "predictor order exceeds block size") }
            out = [Int](repeating: 0, count: n)
            for i in 0..<order { out[i] = try r.signed(size) }
            let precision = Int(try r.bits(4)) + 1
            guard precision < 16 else { throw FLACCorrupt(message: "invalid LPC coefficient precision") }
            let shift = try r.signed(5)
            guard shift >= 0 else { throw FLACCorrupt(message: "negative LPC shift") }
            var coefs = [Int](repeating: 0, count: order)
            for j in 0..<order { coefs[j] = try r.signed(precision) }
            try residual(&r, into: &out, order: order)
            restoreLPC(&out, coefs: coefs, shift: shift)
        default:
            throw FLACCorrupt(message: "reserved subframe type \(type)")
        }
        if wasted > 0 { for i in 0..<n { out[i] <<= wasted } }
        return out
    }

    /// Rice-coded residual into out[order...], partitioned (RFC 9639 §9.2.7).
    private static func residual(_ r: inout FLACBitReader, into out: inout [Int], order: Int) throws {
        let method = try r.bits(2)
        guard method <= 1 else { throw FLACCorrupt(message: "reserved residual coding method") }
        let paramBits = method == 0 ? 4 : 5
        let escape = (1 << paramBits) - 1
        let partitionOrder = Int(try r.bits(4))
        let n = out.count
        let partitions = 1 << partitionOrder
        guard n % partitions == 0, n >> partitionOrder >= order else {
            throw FLACCorrupt(message: "invalid residual partition order \(partitionOrder)")
        }
        var i = order
        for p in 0..<partitions {
            let count = (n >> partitionOrder) - (p == 0 ? order : 0)
            let k = Int(try r.bits(paramBits))
            if k == escape {
                let raw = Int(try r.bits(5))
                for _ in 0..<count { out[i] = try r.signed(raw); i += 1 }
            } else {
                for _ in 0..<count {
                    let q = try r.unary()
                    guard q < 1 << 32 else { throw FLACCorrupt(message: "absurd Rice quotient") }
                    let u = q << k | Int(try r.bits(k))
                    out[i] = (u >> 1) ^ -(u & 1)  // zigzag → signed
                    i += 1
                }
            }
        }
    }

    private static func restoreFixed(_ x: inout [Int], order: Int) {
        let n = x.count
        switch order {
        // Wrapping arithmetic: a crafted stream must not trap; real streams never overflow.
        case 1: for i in 1..<max(1, n) { x[i] &+= x[i - 1] }
        case 2: for i in 2..<max(2, n) { x[i] &+= 2 &* x[i - 1] &- x[i - 2] }
        case 3: for i in 3..<max(3, n) { x[i] &+= 3 &* x[i - 1] &- 3 &* x[i - 2] &+ x[i - 3] }
        case 4: for i in 4..<max(4, n) { x[i] &+= 4 &* x[i - 1] &- 6 &* x[i - 2] &+ 4 &* x[i - 3] &- x[i - 4] }
        default: break
        }
    }

    private static func restoreLPC(_ x: inout [Int], coefs: [Int], shift: Int) {
        let order = coefs.count
        guard x.count > order else { return }
        x.withUnsafeMutableBufferPointer { s in
            coefs.withUnsafeBufferPointer { c in
                for i in order..<s.count {
                    var sum = 0
                    for j in 0..<order { sum &+= c[j] &* s[i - 1 - j] }
                    s[i] &+= sum >> shift
                }
            }
        }
    }
}
