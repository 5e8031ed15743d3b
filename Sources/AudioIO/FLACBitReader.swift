/// Thrown by FLACBitReader when a read would pass the end of the bytes at hand: the frame
/// decoder then asks for more of the file, or reports truncation at end of file.
struct FLACOutOfData: Error {}

/// MSB-first bit reader over a byte array, as FLAC frames are coded.
struct FLACBitReader {
    let bytes: [UInt8]
    /// Bit position from the start of `bytes`.
    var bitPos: Int
    let endBit: Int

    init(_ bytes: [UInt8], byteOffset: Int) {
        self.bytes = bytes
        bitPos = byteOffset * 8
        endBit = bytes.count * 8
    }

    var bytePos: Int { bitPos >> 3 }

    /// Unsigned value of `n` ≤ 57 bits.
    @inline(__always)
    mutating func bits(_ n: Int) throws -> UInt64 {
        if n == 0 { return 0 }
        guard bitPos + n <= endBit else { throw FLACOutOfData() }
        var v: UInt64 = 0
        var remaining = n
        while remaining > 0 {
            let byte = UInt64(bytes[bitPos >> 3])
            let avail = 8 - (bitPos & 7)
            let take = min(avail, remaining)
            v = v << UInt64(take) | ((byte >> UInt64(avail - take)) & ((1 << UInt64(take)) - 1))
            remaining -= take
            bitPos += take
        }
        return v
    }

    /// Two's-complement signed value of `n` bits.
    @inline(__always)
    mutating func signed(_ n: Int) throws -> Int {
        if n == 0 { return 0 }
        let v = try bits(n)
        let shift = UInt64(64 - n)
        return Int(Int64(bitPattern: v << shift) >> Int64(shift))
    }

    /// Count of 0 bits before the next 1 bit (which is consumed).
    @inline(__always)
    mutating func unary() throws -> Int {
        var count = 0
        while true {
            guard bitPos < endBit else { throw FLACOutOfData() }
            let off = bitPos & 7
            let byte = bytes[bitPos >> 3] << UInt8(off)
            if byte == 0 {
                count += 8 - off
                bitPos += 8 - off
                continue
            }
            let lz = byte.leadingZeroBitCount
            count += lz
            bitPos += lz + 1
            return count
        }
    }

    mutating func alignToByte() { bitPos = (bitPos + 7) & ~7 }
}
