import Foundation

/// A stretch of a recording with one most-likely genre: consecutive analysis windows with the
/// same genre, merged. What the annotation exports (Audacity, ELAN, Sonic Visualiser) and the
/// table's timeline show.
public struct GenreRegion: Sendable, Equatable {
    public var startSeconds: Double
    public var endSeconds: Double
    public var genre: String
    /// Mean probability of `genre` over the merged windows.
    public var probability: Double
    /// The windows merged (indices into `RecordingResult.segments`).
    public var windows: Range<Int>

    public var durationSeconds: Double { endSeconds - startSeconds }

    /// The genre and its probability, e.g. `jazz 0.71`.
    public var label: String {
        "\(genre) \(String(format: "%.2f", probability.isFinite ? probability : 0))"
    }
}

extension RecordingResult {
    /// The recording cut into non-overlapping genre regions that cover it from 0 to its end.
    ///
    /// The analysis windows overlap (30 s every 15 s, the last aligned to the end), so first
    /// each window is given the part of the recording it sees best: every instant belongs to
    /// the window whose centre is nearest (ties to the earlier window). That is, where two
    /// neighbouring windows overlap, the first half of the overlap goes to the earlier window
    /// and the second half to the later one: with 30-s windows every 15 s the first window owns
    /// 0–22.5 s, the next 22.5–37.5 s, and so on, and the last ends at the recording's end.
    /// Then consecutive windows with the same genre merge into one region. A change of genre
    /// between two windows is thus placed halfway between their centres, at most half a hop
    /// (7.5 s) from where the windows' evidence changes, and the same rule serves any window
    /// and hop. A recording analysed as one window is one region.
    public var regions: [GenreRegion] {
        // Segments are in start order (as the windows are cut).
        func centre(_ i: Int) -> Double { (segments[i].startSeconds + segments[i].endSeconds) / 2 }
        var regions: [GenreRegion] = []
        var sum = 0.0
        for (i, s) in segments.enumerated() {
            let start = i == 0 ? min(0, s.startSeconds) : (centre(i - 1) + centre(i)) / 2
            let end = i == segments.count - 1 ? max(durationSeconds, s.endSeconds) : (centre(i) + centre(i + 1)) / 2
            let p = s.probabilities[s.genre] ?? 0
            if let last = regions.last, last.genre == s.genre {
                sum += p
                let first = last.windows.lowerBound
                regions[regions.count - 1].endSeconds = end
                regions[regions.count - 1].windows = first..<(i + 1)
                regions[regions.count - 1].probability = sum / Double(i + 1 - first)
            } else {
                sum = p
                regions.append(GenreRegion(startSeconds: start, endSeconds: end, genre: s.genre, probability: p, windows: i..<(i + 1)))
            }
        }
        return regions
    }
}
