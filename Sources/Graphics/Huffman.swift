/// Length-limited canonical Huffman codes, as DEFLATE transmits them (RFC 1951 §3.2.2).
enum Huffman {
    /// Code lengths for symbols with the given frequencies, none longer than `limit` bits; unused symbols get 0.
    ///
    /// Plain Huffman (two-queue merge over the sorted leaves); when the deepest leaf exceeds `limit`, the
    /// frequencies are halved (keeping every used symbol at least 1) and the tree rebuilt — zlib limits lengths
    /// differently, but any valid prefix code decodes, and the loss from flattening is tiny.
    /// A single used symbol is paired with a second one so the code is complete, which every inflater accepts.
    static func codeLengths(frequencies: [Int], limit: Int) -> [UInt8] {
        var freqs = frequencies
        var used = freqs.indices.filter { freqs[$0] > 0 }
        var lengths = [UInt8](repeating: 0, count: freqs.count)
        if used.isEmpty { return lengths }
        if used.count == 1 {
            let other = used[0] == 0 ? 1 : 0
            if other < freqs.count { freqs[other] = 1 }
            used = freqs.indices.filter { freqs[$0] > 0 }
            if used.count == 1 { lengths[used[0]] = 1; return lengths }
        }
        while true {
            let depths = treeDepths(used.map { freqs[$0] })
            if depths.max()! <= limit {
                for (k, symbol) in used.enumerated() { lengths[symbol] = UInt8(depths[k]) }
                return lengths
            }
            for s in used { freqs[s] = max(1, freqs[s] >> 1) }
        }
    }

    /// Leaf depths of a Huffman tree over `weights` (all positive, at least two), in the input order.
    private static func treeDepths(_ weights: [Int]) -> [Int] {
        let n = weights.count
        let order = weights.indices.sorted { (weights[$0], $0) < (weights[$1], $1) }
        // Nodes 0..<n are leaves (in sorted order), n... internal; parent[] links each node to its parent.
        var weight = order.map { weights[$0] }
        var parent = [Int](repeating: -1, count: 2 * n - 1)
        weight.reserveCapacity(2 * n - 1)
        var leaf = 0, internalNext = n
        func takeSmallest() -> Int {
            if leaf < n && (internalNext >= weight.count || weight[leaf] <= weight[internalNext]) {
                leaf += 1; return leaf - 1
            }
            internalNext += 1; return internalNext - 1
        }
        for _ in 0..<(n - 1) {
            let a = takeSmallest(), b = takeSmallest()
            let node = weight.count
            weight.append(weight[a] + weight[b])
            parent[a] = node; parent[b] = node
        }
        var depth = [Int](repeating: 0, count: 2 * n - 1)
        for node in stride(from: 2 * n - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        var result = [Int](repeating: 0, count: n)
        for (sortedIndex, original) in order.enumerated() { result[original] = depth[sortedIndex] }
        return result
    }

    /// Canonical codes for `lengths` (RFC 1951 §3.2.2), bit-reversed so that `BitWriter` (LSB first) emits each
    /// code most-significant bit first as the format requires.
    static func reversedCodes(lengths: [UInt8]) -> [UInt16] {
        let maxLength = Int(lengths.max() ?? 0)
        var lengthCount = [Int](repeating: 0, count: maxLength + 1)
        for l in lengths where l > 0 { lengthCount[Int(l)] += 1 }
        var next = [Int](repeating: 0, count: maxLength + 2)
        var code = 0
        if maxLength >= 1 {
            for bits in 1...maxLength {
                code = (code + lengthCount[bits - 1]) << 1
                next[bits] = code
            }
        }
        // lengthCount[0] counts nothing above (zeros skipped), matching the RFC's bl_count[0] = 0.
        var codes = [UInt16](repeating: 0, count: lengths.count)
        for (symbol, l) in lengths.enumerated() where l > 0 {
            let bits = Int(l)
            var c = next[bits], reversed = 0
            next[bits] += 1
            for _ in 0..<bits { reversed = (reversed << 1) | (c & 1); c >>= 1 }
            codes[symbol] = UInt16(reversed)
        }
        return codes
    }
}
