import Foundation

/// Conversions between Hz and mel, as `librosa.hz_to_mel` / `librosa.mel_to_hz`.
///
/// Default is Slaney's Auditory Toolbox scale (htk=False): linear below 1 kHz (200/3 Hz per mel),
/// logarithmic above (27 mels per factor 6.4). `htk: true` gives 2595·log10(1 + f/700).
public enum MelScale {
    static let linearStep = 200.0 / 3
    static let logStartHz = 1000.0
    static let logStartMel = logStartHz / linearStep   // 15
    static let logStep = log(6.4) / 27

    public static func mel(fromHz hz: Double, htk: Bool = false) -> Double {
        if htk { return 2595 * log10(1 + hz / 700) }
        return hz >= logStartHz ? logStartMel + log(hz / logStartHz) / logStep : hz / linearStep
    }

    public static func hz(fromMel mel: Double, htk: Bool = false) -> Double {
        if htk { return 700 * (pow(10, mel / 2595) - 1) }
        return mel >= logStartMel ? logStartHz * exp(logStep * (mel - logStartMel)) : linearStep * mel
    }

    /// `count` frequencies (Hz) equally spaced on the mel scale from `fmin` to `fmax`,
    /// as `librosa.mel_frequencies`.
    public static func frequencies(count: Int, fmin: Double, fmax: Double, htk: Bool = false) -> [Double] {
        let lo = mel(fromHz: fmin, htk: htk), hi = mel(fromHz: fmax, htk: htk)
        return (0..<count).map { i in
            let m = count > 1 ? lo + (hi - lo) * Double(i) / Double(count - 1) : lo
            return hz(fromMel: m, htk: htk)
        }
    }
}
