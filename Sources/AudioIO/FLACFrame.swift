/// A frame-level format violation (bad sync, CRC mismatch, reserved code). `header` is the
/// frame's header when it was sound (its CRC-8 matched) and the fault lies in the body; `end` is
/// then the byte offset the body had been read up to.
struct FLACCorrupt: Error {
    let message: String
    var header: FLACFrameHeader? = nil
    var end: Int? = nil
}

/// A FLAC frame header (RFC 9639 §9.1), with the values the STREAMINFO defaults resolved.
struct FLACFrameHeader: Equatable {
    var blockSize: Int
    var sampleRate: Int
    /// Channels coded (2 for the stereo decorrelation modes).
    var channels: Int
    /// 0-7 independent channels, 8 left/side, 9 side/right, 10 mid/side.
    var channelCode: Int
    var bitsPerSample: Int
    /// The blocking-strategy bit: the coded number is a sample number, not a frame number.
    var variableBlockSize: Bool
    /// The coded frame number (fixed block size) or sample number (variable).
    var number: UInt64
    /// Bytes up to and including the CRC-8.
    var byteCount: Int
}

/// One decoded FLAC frame: `samples[c][i]`, integers at `header.bitsPerSample`.
struct FLACDecodedFrame {
    var header: FLACFrameHeader
    var samples: [[Int]]
    /// Bytes the frame occupied.
    var byteCount: Int
}

/// Decodes one FLAC frame (FLAC format specification, RFC 9639 §9): header with CRC-8,
/// subframes (constant, verbatim, fixed order 0-4, LPC order 1-32, wasted bits), Rice-coded
/// residuals with 4- or 5-bit parameters and escape partitions, inter-channel decorrelation
/// (left/side, right/side, mid/side), zero padding and the CRC-16 footer.
///
/// Every frame is decoded with its own parameters: sample rate, channel count and bit depth may
/// change from frame to frame, and only the header codes that mean "as in STREAMINFO" use it.
/// Works on a byte buffer, so a fuzz harness can call it directly.
enum FLACFrameDecoder {
    /// Whether `bytes[i...]` starts with a frame sync code (14 bits 0x3FFE, then a reserved 0).
    @inline(__always)
    static func isSync(_ bytes: [UInt8], _ i: Int) -> Bool {
        i + 1 < bytes.count && bytes[i] == 0xFF && bytes[i + 1] & 0xFE == 0xF8
    }

    /// Parses and checks (CRC-8) the frame header at `start`.
    /// - Throws: FLACOutOfData when the bytes end inside the header; FLACCorrupt otherwise.
    static func header(_ bytes: [UInt8], at start: Int, streamInfo: FLACStreamInfo?) throws -> FLACFrameHeader {
        var r = FLACBitReader(bytes, byteOffset: start)
        let sync = try r.bits(15)
        guard sync == 0x7FFC else { throw FLACCorrupt(message: "lost frame sync") }
        let variable = try r.bits(1) == 1
        let blockCode = Int(try r.bits(4))
        let rateCode = Int(try r.bits(4))
        let channelCode = Int(try r.bits(4))
        let sizeCode = Int(try r.bits(3))
        guard try r.bits(1) == 0 else { throw FLACCorrupt(message: "reserved bit set in frame header") }
        // UTF-8-like coded frame or sample number.
        let first = try r.bits(8)
        var number: UInt64
        let extra: Int
        switch first {
        case 0x00...0x7F: extra = 0; number = first
        case 0xC0...0xDF: extra = 1; number = first & 0x1F
        case 0xE0...0xEF: extra = 2; number = first & 0x0F
        case 0xF0...0xF7: extra = 3; number = first & 0x07
        case 0xF8...0xFB: extra = 4; number = first & 0x03
        case 0xFC...0xFD: extra = 5; number = first & 0x01
        case 0xFE: extra = 6; number = 0
        default: throw FLACCorrupt(message: "invalid coded frame number")
        }
        for _ in 0..<extra {
            let byte = try r.bits(8)
            guard byte & 0xC0 == 0x80 else { throw FLACCorrupt(message: "invalid coded frame number") }
            number = number << 6 | (byte & 0x3F)
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
        let sampleRate: Int
        switch rateCode {
        case 0:
            guard let streamInfo else { throw FLACCorrupt(message: "frame takes its sample rate from STREAMINFO, which is missing") }
            sampleRate = streamInfo.sampleRate
        case 1...11: sampleRate = [0, 88200, 176_400, 192_000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000][rateCode]
        case 12: sampleRate = Int(try r.bits(8)) * 1000
        case 13: sampleRate = Int(try r.bits(16))
        case 14: sampleRate = Int(try r.bits(16)) * 10
        default: throw FLACCorrupt(message: "invalid sample rate code")
        }
        let bps: Int
        switch sizeCode {
        case 0:
            guard let streamInfo else { throw FLACCorrupt(message: "frame takes its bit depth from STREAMINFO, which is missing") }
            bps = streamInfo.bitsPerSample
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
        guard sampleRate > 0 else { throw FLACCorrupt(message: "sample rate 0 in frame header") }
        guard bps >= 4, bps <= 32 else { throw FLACCorrupt(message: "invalid bit depth \(bps)") }
        return FLACFrameHeader(blockSize: blockSize, sampleRate: sampleRate, channels: channels, channelCode: channelCode,
                               bitsPerSample: bps, variableBlockSize: variable, number: number, byteCount: r.bytePos - start)
    }

    /// Decodes the whole frame at `start`, checking both CRCs.
    /// - Throws: FLACOutOfData when the bytes end inside the frame; FLACCorrupt otherwise (with the
    ///   header attached when only the body is at fault).
    static func decode(_ bytes: [UInt8], at start: Int, streamInfo: FLACStreamInfo?) throws -> FLACDecodedFrame {
        let h = try header(bytes, at: start, streamInfo: streamInfo)
        do {
            return try body(bytes, at: start, header: h)
        } catch var e as FLACCorrupt {
            e.header = h
            throw e
        }
    }

    private static func body(_ bytes: [UInt8], at start: Int, header h: FLACFrameHeader) throws -> FLACDecodedFrame {
        var r = FLACBitReader(bytes, byteOffset: start + h.byteCount)
        do {
            return try body(&r, bytes, at: start, header: h)
        } catch var e as FLACCorrupt {
            e.end = r.bytePos
            throw e
        }
    }

    private static func body(_ r: inout FLACBitReader, _ bytes: [UInt8], at start: Int, header h: FLACFrameHeader) throws -> FLACDecodedFrame {
        let blockSize = h.blockSize, channelCode = h.channelCode
        var samples: [[Int]] = []
        samples.reserveCapacity(h.channels)
        for c in 0..<h.channels {
            // The side channel carries one extra bit.
            let sideChannel = (channelCode == 8 && c == 1) || (channelCode == 9 && c == 0) || (channelCode == 10 && c == 1)
            samples.append(try subframe(&r, blockSize: blockSize, bps: h.bitsPerSample + (sideChannel ? 1 : 0)))
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
        return FLACDecodedFrame(header: h, samples: samples, byteCount: r.bytePos - start)
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
