/// LZ77 matching for DEFLATE: a 32 KiB sliding window searched through hash chains of 3-byte prefixes.
enum LZ77 {
    /// A literal byte (`distance == 0`, `value` = byte) or a back reference (`value` = length 3...258,
    /// `distance` = 1...32768).
    struct Token {
        var value: UInt16
        var distance: UInt16
    }

    /// Tokens for the input bytes `start..<end`; each block gets its own Huffman codes.
    struct Block {
        var tokens: [Token]
        var start: Int
        var end: Int
    }

    static let windowSize = 32768
    static let minMatch = 3
    static let maxMatch = 258
    /// Chain steps per position: zlib level 6 uses 128; more buys little on image rows.
    static let maxChain = 128
    /// A match at least this long is taken without trying the next position (zlib's `nice_length` idea).
    static let goodEnough = 128
    /// Tokens per block: small enough for the codes to follow changing statistics, large enough that the
    /// dynamic header (~60-100 bytes) is negligible.
    static let tokensPerBlock = 1 << 15

    static func tokenize(_ data: [UInt8]) -> [Block] {
        let n = data.count
        if n == 0 { return [Block(tokens: [], start: 0, end: 0)] }
        let hashBits = 15
        let hashMask = (1 << hashBits) - 1
        let windowMask = windowSize - 1
        var head = [Int32](repeating: -1, count: 1 << hashBits)
        var prev = [Int32](repeating: -1, count: windowSize)
        var blocks: [Block] = []
        var tokens: [Token] = []
        tokens.reserveCapacity(min(n, tokensPerBlock))
        var blockStart = 0

        return data.withUnsafeBufferPointer { bytes -> [Block] in
            @inline(__always) func hash(_ i: Int) -> Int {
                (Int(bytes[i]) << 10 ^ Int(bytes[i + 1]) << 5 ^ Int(bytes[i + 2])) & hashMask
            }
            @inline(__always) func insert(_ i: Int) {
                guard i + minMatch <= n else { return }
                let h = hash(i)
                prev[i & windowMask] = head[h]
                head[h] = Int32(i)
            }
            /// Longest match for position `i` among earlier positions with the same hash (inserting nothing).
            func longestMatch(at i: Int) -> (length: Int, distance: Int) {
                guard i + minMatch <= n else { return (0, 0) }
                let limit = min(maxMatch, n - i)
                var best = minMatch - 1, bestDistance = 0
                var candidate = Int(head[hash(i)])
                var steps = maxChain
                while candidate >= 0 && i - candidate <= windowSize && steps > 0 {
                    if bytes[candidate + best] == bytes[i + best] || best < minMatch {
                        var length = 0
                        while length < limit && bytes[candidate + length] == bytes[i + length] { length += 1 }
                        if length > best {
                            best = length; bestDistance = i - candidate
                            if length >= limit || length >= goodEnough { break }
                        }
                    }
                    let next = Int(prev[candidate & windowMask])
                    // Chains only go back in time; anything else is a slot reused by a newer position.
                    if next >= candidate { break }
                    candidate = next
                    steps -= 1
                }
                return best >= minMatch ? (best, bestDistance) : (0, 0)
            }
            func emit(_ token: Token, endingAt end: Int) {
                tokens.append(token)
                if tokens.count >= tokensPerBlock {
                    blocks.append(Block(tokens: tokens, start: blockStart, end: end))
                    tokens.removeAll(keepingCapacity: true)
                    blockStart = end
                }
            }

            var i = 0
            var pending = longestMatch(at: 0)
            insert(0)
            while i < n {
                if pending.length >= minMatch && pending.length < goodEnough && i + 1 < n {
                    // Lazy evaluation: if the match one byte later is longer, emit a literal and take that one.
                    let next = longestMatch(at: i + 1)
                    if next.length > pending.length {
                        emit(Token(value: UInt16(bytes[i]), distance: 0), endingAt: i + 1)
                        i += 1
                        insert(i)
                        pending = next
                        continue
                    }
                }
                if pending.length >= minMatch {
                    emit(Token(value: UInt16(pending.length), distance: UInt16(pending.distance)), endingAt: i + pending.length)
                    for k in (i + 1)..<(i + pending.length) { insert(k) }
                    i += pending.length
                } else {
                    emit(Token(value: UInt16(bytes[i]), distance: 0), endingAt: i + 1)
                    i += 1
                }
                if i < n {
                    pending = longestMatch(at: i)
                    insert(i)
                }
            }
            if !tokens.isEmpty || blocks.isEmpty {
                blocks.append(Block(tokens: tokens, start: blockStart, end: n))
            }
            return blocks
        }
    }
}
