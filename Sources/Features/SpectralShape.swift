import Foundation
import Kernels
import KernelsHaswell

/// Per-frame descriptors of the shape of a magnitude spectrum, as librosa's
/// `feature.spectral_centroid`, `feature.spectral_bandwidth` (p = 2, norm = True) and
/// `feature.spectral_rolloff` (roll_percent = 0.85). The GTZAN features compute all three from the
/// magnitude |STFT| (n_fft 2048, hop 512, reflect padding).
public enum SpectralShape {
    /// Spectral centroid of each frame: Σ f·S / Σ S (librosa normalises each frame to unit sum;
    /// an all-zero frame gives 0).
    public static func centroid(_ magnitude: Spectrogram, sampleRate: Double) -> [Double] {
        describe(magnitude.values, bins: magnitude.binCount, frames: magnitude.frameCount,
                 sampleRate: sampleRate).centroid
    }

    /// Spectral bandwidth of order 2: (Σ S_norm · (f − centroid)²)^(1/2) with S_norm the frame
    /// normalised to unit sum, as `librosa.feature.spectral_bandwidth` with its defaults.
    /// - Parameter centroids: the frames' centroids when the caller has them (else computed).
    public static func bandwidth(_ magnitude: Spectrogram, sampleRate: Double, centroids: [Double]? = nil) -> [Double] {
        describe(magnitude.values, bins: magnitude.binCount, frames: magnitude.frameCount,
                 sampleRate: sampleRate, centroids: centroids).bandwidth
    }

    /// Roll-off frequency: the lowest bin frequency at which the cumulative energy reaches
    /// `rollPercent` (default 0.85) of the frame's total, as `librosa.feature.spectral_rolloff`.
    public static func rolloff(_ magnitude: Spectrogram, sampleRate: Double, rollPercent: Double = 0.85) -> [Double] {
        describe(magnitude.values, bins: magnitude.binCount, frames: magnitude.frameCount,
                 sampleRate: sampleRate, rollPercent: rollPercent).rolloff
    }

    /// Centroid, bandwidth and roll-off of every frame of the frame-major magnitudes `values`
    /// (`bins` per frame) in one pass over the spectrogram: each group of four frames is summed,
    /// then revisited for the bandwidth and the roll-off while it is still in cache.
    /// `S` is Double, or Float for magnitudes rounded as librosa's float32 spectra are (each
    /// value is widened exactly to Double; the roll-off sums in Float either way).
    @_specialize(where S == Double) @_specialize(where S == Float)  // called from other files
    static func describe<S: BinaryFloatingPoint>(_ values: [S], bins: Int, frames: Int, sampleRate: Double,
                                                 centroids given: [Double]? = nil, rollPercent: Double = 0.85)
        -> (centroid: [Double], bandwidth: [Double], rolloff: [Double])
    {
        precondition(values.count == bins * frames, "SpectralShape: \(values.count) values for \(bins) x \(frames)")
        precondition(given.map { $0.count == frames } ?? true, "SpectralShape: one centroid per frame expected")
        var centroid = [Double](repeating: 0, count: frames), bandwidth = centroid, rolloff = centroid
        guard frames > 0, bins > 0 else { return (centroid, bandwidth, rolloff) }
        let freq = fftFrequencies(sampleRate: sampleRate, fftLength: 2 * (bins - 1))
        values.withUnsafeBufferPointer { v in
            freq.withUnsafeBufferPointer { fb in
                let f = fb.baseAddress!
                var t = 0
                while t < frames {
                    // Four frames side by side, one per SIMD lane: each lane does exactly the scalar
                    // arithmetic of its frame (same order, so the same rounding), with four
                    // independent sums in flight instead of one latency-bound chain. The last group
                    // repeats its final frame; those lanes are dropped.
                    let r0 = v.baseAddress! + t * bins, r1 = v.baseAddress! + min(t + 1, frames - 1) * bins
                    let r2 = v.baseAddress! + min(t + 2, frames - 1) * bins, r3 = v.baseAddress! + min(t + 3, frames - 1) * bins
                    let (total, weighted, single) = dispatchedSpectralSums4(r0, r1, r2, r3, frequencies: f, bins: bins)
                    let normal = total .> Quad(repeating: Double.leastNormalMagnitude)
                    var centre = Quad().replacing(with: weighted / total, where: normal)
                    if let given {
                        for l in 0..<4 { centre[l] = given[min(t + l, frames - 1)] }
                    }
                    // librosa leaves a frame whose sum is below the smallest normal number unnormalised.
                    let scale = Quad(repeating: 1).replacing(with: 1 / total, where: normal)
                    let spread = dispatchedSpectralSpread4(r0, r1, r2, r3, frequencies: f, bins: bins, centre: centre, scale: scale)
                    let width = spread.squareRoot()
                    // librosa works on float32 spectra: its running sum and threshold are float32, and
                    // the roll-off bin is decided by comparing them, so accumulate the same way to
                    // land on the same bin when the sum passes the threshold within float32 rounding.
                    let threshold = Float(rollPercent) * single
                    for (l, row) in [r0, r1, r2, r3].prefix(min(4, frames - t)).enumerated() {
                        var cumulative: Float = 0
                        var edge = freq[freq.count - 1]
                        for k in 0..<bins {
                            cumulative += Float(row[k])
                            if !(cumulative < threshold[l]) { edge = freq[k]; break }
                        }
                        centroid[t + l] = centre[l]
                        bandwidth[t + l] = width[l]
                        rolloff[t + l] = edge
                    }
                    t += 4
                }
            }
        }
        return (centroid, bandwidth, rolloff)
    }

    typealias Quad = SIMD4<Double>

    /// `Kernels.spectralSums4` through the build `KernelDispatch.wide` selects (AVX2 for Float rows).
    @inline(__always)
    static func dispatchedSpectralSums4<S: BinaryFloatingPoint>(
        _ r0: UnsafePointer<S>, _ r1: UnsafePointer<S>, _ r2: UnsafePointer<S>, _ r3: UnsafePointer<S>,
        frequencies: UnsafePointer<Double>, bins: Int
    ) -> (total: Quad, weighted: Quad, single: SIMD4<Float>) {
        if KernelDispatch.wide, S.self == Float.self {
            @inline(__always) func rows(_ r: UnsafePointer<S>) -> UnsafePointer<Float> {
                UnsafeRawPointer(r).assumingMemoryBound(to: Float.self)
            }
            return Haswell.spectralSums4(rows(r0), rows(r1), rows(r2), rows(r3), frequencies: frequencies, bins: bins)
        }
        return spectralSums4(r0, r1, r2, r3, frequencies: frequencies, bins: bins)
    }

    /// `Kernels.spectralSpread4` through the build `KernelDispatch.wide` selects (AVX2 for Float rows).
    @inline(__always)
    static func dispatchedSpectralSpread4<S: BinaryFloatingPoint>(
        _ r0: UnsafePointer<S>, _ r1: UnsafePointer<S>, _ r2: UnsafePointer<S>, _ r3: UnsafePointer<S>,
        frequencies: UnsafePointer<Double>, bins: Int, centre: Quad, scale: Quad
    ) -> Quad {
        if KernelDispatch.wide, S.self == Float.self {
            @inline(__always) func rows(_ r: UnsafePointer<S>) -> UnsafePointer<Float> {
                UnsafeRawPointer(r).assumingMemoryBound(to: Float.self)
            }
            return Haswell.spectralSpread4(rows(r0), rows(r1), rows(r2), rows(r3), frequencies: frequencies, bins: bins,
                                           centre: centre, scale: scale)
        }
        return spectralSpread4(r0, r1, r2, r3, frequencies: frequencies, bins: bins, centre: centre, scale: scale)
    }
}
