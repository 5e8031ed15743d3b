import CZlib

/// The system zlib: the zlib stream (RFC 1950/1951) inside a PNG's IDAT chunk, and the CRC-32
/// (ISO 3309, the one PNG §5.5 uses) of every chunk.
enum Zlib {
    /// The zlib stream of `data` at zlib's default level (6). Measured on two GTZAN spectrogram
    /// PNGs: 0.7% larger than the former hand-written encoder; level 9 saves only 0.2% more at
    /// twice the time.
    static func compress(_ data: [UInt8]) -> [UInt8] {
        var capacity = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = data.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { destination in
                compress2(destination.baseAddress, &capacity, source.baseAddress, uLong(source.count), Z_DEFAULT_COMPRESSION)
            }
        }
        // compressBound is zlib's own upper bound and the input is in memory, so only memory
        // exhaustion can make compress2 fail: not a condition to recover from.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        out.removeLast(out.count - Int(capacity))
        return out
    }

    /// CRC-32 of `bytes`, continuing from the CRC `previous` of the bytes before them (0 to start).
    static func crc32(_ bytes: [UInt8], previous: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { b in
            UInt32(CZlib.crc32(uLong(previous), b.baseAddress, uInt(b.count)))
        }
    }
}
