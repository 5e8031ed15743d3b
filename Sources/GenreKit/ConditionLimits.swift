import Features
import Foundation

/// The recording conditions a model's training data covers, and the plain-words warnings for a
/// recording outside them.
///
/// The limits of `gtzan` come from measuring the GTZAN clips we have audio for and degraded copies
/// of them (band-limited, hissy, MP3, 8 kHz, clipped, DC-shifted, quiet), with
/// `bench/condition/calibrate.sh`; each limit sits outside the range of every clean clip
/// and inside the range of the degraded copies that change the features (figures in
/// bench/condition/README.md). Models trained on the GTZAN features (the default) use them.
public struct ConditionLimits: Sendable {
    /// What the training recordings are called in warnings, e.g. "GTZAN clips".
    public var reference: String
    /// Below this effective bandwidth (Hz), warn.
    public var minimumBandwidthHz: Double
    /// What the reference recordings reach, in words, e.g. "8.4–11 kHz".
    public var referenceBandwidth: String
    /// Below this band-averaged SNR (dB), warn.
    public var minimumSNR: Double
    public var referenceSNR: String
    /// Above this share of clipped samples, warn.
    public var maximumClipped: Double
    public var referenceClipped: String
    /// Above this |DC offset| (full scale = 1), warn.
    public var maximumDC: Double
    public var referenceDC: String
    /// Outside this integrated loudness (LUFS), warn.
    public var loudness: ClosedRange<Double>
    public var referenceLoudness: String

    /// Calibrated on 28 of the 41 GTZAN clips with audio (classical, jazz and rock 00007–00009
    /// and the four 44.1-kHz clips held out) and their degraded copies, with every clean clip
    /// (held-out ones included) inside the limits; loudness also from all 1000 clips' rms_mean
    /// (which tracks a clip's loudness within 1.2 dB). Figures: bench/condition/README.md.
    public static let gtzan = ConditionLimits(
        reference: "GTZAN clips",
        minimumBandwidthHz: 7500, referenceBandwidth: "8.4–11 kHz",
        minimumSNR: 4, referenceSNR: "6–33 dB",
        maximumClipped: 0.01, referenceClipped: "at most 0.6%",
        maximumDC: 0.025, referenceDC: "at most 0.018",
        loudness: -40 ... -6, referenceLoudness: "−45 to −7.5 LUFS, 98% of them −37.5 to −10")

    /// Short words for what is wrong with a recording's sound, for sentences about the
    /// evidence: "band-limited", "noisy", "clipped", "DC-shifted" (loudness is left out: it moves
    /// the level features, not what the timbre sounds like).
    public func traits(_ c: RecordingCondition) -> [String] {
        var out: [String] = []
        if c.bandwidthHz == 0 { out.append("steady (no sound that changes)") } else if let bw = c.bandwidthHz, bw < minimumBandwidthHz { out.append("band-limited") }
        if let snr = c.snrDB, snr < minimumSNR { out.append("noisy") }
        if c.clippedFraction > maximumClipped { out.append("clipped") }
        if abs(c.dcOffset) > maximumDC { out.append("DC-shifted") }
        return out
    }

    /// Plain-words warnings for every measure outside the limits (none for a typical recording).
    /// Loudness is compared as the model hears it, on the mono mix: BS.1770 sums the channels,
    /// so a stereo file reads 3 LU louder than its mono mix when both channels carry the same
    /// sound; GTZAN's clips are mono.
    /// With `narrowbandModel` the bandwidth warning also says that the model's narrow-band
    /// variant answered (`NarrowbandVariant`).
    public func warnings(_ m: ConditionMeasurement, narrowbandModel: Bool = false) -> [String] {
        var out: [String] = []
        if m.bandwidthHz == 0 {
            out.append("no sound that changes over time was found, only steady tones or noise; \(reference) are music: every feature is unreliable here")
        } else if let bw = m.bandwidthHz, bw < minimumBandwidthHz {
            out.append(String(format: "content stops at %.1f kHz; %@ reach %@: timbre features (MFCC, spectral shape) are unreliable here",
                              bw / 1000, reference, referenceBandwidth)
                + (narrowbandModel ? "; answered by the narrow-band model from the recording's 300-3300 Hz band (trained on copies of the training rows through band-limited chains: phone, 8 kHz, band-pass and hiss, tape)" : ""))
        }
        if let snr = m.snrDB, snr < minimumSNR {
            out.append(String(format: "a steady noise floor (hiss, hum) or uniformly dense sound: signal-to-noise about %.0f dB, %@ have %@; the features partly describe the noise",
                              snr, reference, referenceSNR))
        }
        if m.clippedFraction > maximumClipped {
            out.append(String(format: "%.1f%% of samples are clipped; %@ have %@: the distortion adds high-frequency energy that reads as a brighter, harsher timbre",
                              100 * m.clippedFraction, reference, referenceClipped))
        }
        if abs(m.dcOffset) > maximumDC {
            out.append(String(format: "DC offset of %+.3f full scale; %@ have %@: zero-crossing rate and spectral shape are distorted",
                              m.dcOffset, reference, referenceDC))
        }
        if let l = m.loudnessLUFS {
            let summed = KWeighting.channelWeights(m.channels).reduce(0, +)
            let mono = summed > 1 ? l - 10 * log10(summed) : l
            if !loudness.contains(mono) {
                let asMono = summed > 1 ? String(format: " (%.1f as a mono mix)", mono) : ""
                out.append(String(format: "loudness %.1f LUFS%@; %@ measure %@: the level features (RMS, harmonic and percussive energy) read it as %@ music",
                                  l, asMono, reference, referenceLoudness, mono < loudness.lowerBound ? "unusually quiet" : "unusually loud"))
            }
        }
        return out
    }
}
