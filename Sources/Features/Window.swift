import Foundation

/// Analysis windows.
public enum Window {
    /// The Hann window, `0.5 - 0.5·cos(2πt/N)`.
    ///
    /// - Parameters:
    ///   - length: number of samples.
    ///   - periodic: `true` (default) gives the DFT-even window used for spectral analysis
    ///     (N = length), as `scipy.signal.get_window('hann', length, fftbins=True)`, which
    ///     `librosa.filters.get_window` returns; `false` gives the symmetric window (N = length - 1).
    public static func hann(_ length: Int, periodic: Bool = true) -> [Double] {
        guard length > 1 else { return [Double](repeating: 1, count: max(length, 0)) }
        let n = Double(periodic ? length : length - 1)
        return (0..<length).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / n) }
    }
}
