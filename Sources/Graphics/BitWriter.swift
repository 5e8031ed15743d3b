/// Appends bit fields least-significant bit first, the order DEFLATE (RFC 1951 §3.1.1) packs them into bytes.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Writes the low `bitCount` bits of `value` (at most 32).
    mutating func write(_ value: UInt32, bitCount: Int) {
        buffer |= UInt64(value & (bitCount == 32 ? 0xFFFF_FFFF : (1 << UInt32(bitCount)) - 1)) << UInt64(count)
        count += bitCount
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    /// Pads with zero bits to the next byte boundary (needed before a stored block's LEN field).
    mutating func alignToByte() {
        if count > 0 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer = 0
            count = 0
        }
    }

    mutating func appendAlignedBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        alignToByte()
        bytes.append(contentsOf: data)
    }
}
