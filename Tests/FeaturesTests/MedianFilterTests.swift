import Testing
@testable import Features

/// Naive scipy.ndimage.median_filter(mode='reflect'): gather each window with the half-sample
/// mirror (periodic with period 2n), sort it, take rank size/2.
private func naiveMedian(_ x: [Double], size: Int) -> [Double] {
    let n = x.count
    return (0..<n).map { i in
        let window = (0..<size).map { k -> Double in
            var j = (i - size / 2 + k) % (2 * n)
            if j < 0 { j += 2 * n }
            return x[j < n ? j : 2 * n - 1 - j]
        }
        return window.sorted()[size / 2]
    }
}

/// A deterministic pseudo-random sequence (LCG) with repeated values mixed in, so ties occur.
private func randomValues(_ count: Int, seed: UInt64) -> [Double] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let u = Double(state >> 11) / Double(1 << 53)
        return u < 0.2 ? 0.5 : (u < 0.3 ? 0 : u)
    }
}

@Test func medianFilterMatchesScipyLiterals() {
    // scipy.ndimage.median_filter([5,1,4,2,3], size, mode='reflect') for sizes 7, 31, 4.
    let x: [Double] = [5, 1, 4, 2, 3]
    #expect(MedianFilter.filter(x, size: 7) == [4, 3, 3, 3, 3])
    #expect(MedianFilter.filter(x, size: 31) == [3, 3, 3, 3, 3])
    #expect(MedianFilter.filter(x, size: 4) == [5, 5, 4, 3, 3])
    #expect(MedianFilter.filter(x, size: 1) == x)
    #expect(MedianFilter.filter([], size: 31) == [])
}

@Test func medianFilterMatchesNaiveOnRandomData() {
    for (count, size) in [(1, 31), (2, 3), (7, 31), (40, 31), (200, 31), (100, 5), (64, 8), (300, 1)] {
        let x = randomValues(count, seed: UInt64(count * 100 + size))
        #expect(MedianFilter.filter(x, size: size) == naiveMedian(x, size: size), "n=\(count) size=\(size)")
    }
}

@Test func medianFilterAlongSpectrogramAxes() {
    // Window sizes around the lane kernel's block structure (odd, even, 1, and 64, the largest,
    // longer than both axes so the reflection folds), and 65, past it (scalar fallback).
    let bins = 37, frames = 45
    let s = Spectrogram(binCount: bins, frameCount: frames, values: randomValues(bins * frames, seed: 9))
    for size in [31, 1, 2, 4, 64, 65] {
        let time = MedianFilter.alongTime(s, size: size)
        let freq = MedianFilter.alongFrequency(s, size: size)
        for b in 0..<bins {
            let row = (0..<frames).map { s[b, $0] }
            #expect((0..<frames).map { time[b, $0] } == naiveMedian(row, size: size), "size \(size) bin \(b)")
        }
        for t in 0..<frames {
            #expect(Array(freq.frame(t)) == naiveMedian(Array(s.frame(t)), size: size), "size \(size) frame \(t)")
        }
    }
}
