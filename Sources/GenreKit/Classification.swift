import AudioIO
import Features
import Foundation
import Learning

/// Settings of `genre classify`.
public struct ClassifyOptions: Sendable {
    /// Window length in seconds (default 30, the model's training unit).
    public var windowSeconds: Double = 30
    /// Seconds between window starts (default 15).
    public var hopSeconds: Double = 15
    /// Nearest training tracks to list (default 5).
    public var nearestCount: Int = 5
    /// Spans of overlapping windows analysed at once for one recording (memory grows ~150 MB
    /// per span of 4 windows in flight; see `RecordingClassifier.windowsPerSpan`).
    public var windowConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    /// The resampler (default `.canonical`: every recording, a 22050 Hz one too, is cut above
    /// 9.5–9.85 kHz, the band no resampler leaves intact, so resampled copies answer as their
    /// originals do).
    public var resampling: ResamplerQuality = .canonical

    public init() {}

    /// Shortest recording classified: 3 seconds (fewer frames make the features unreliable).
    public static let minimumSeconds = 3.0

    func validate() throws {
        guard windowSeconds.isFinite, windowSeconds >= Self.minimumSeconds, windowSeconds <= 600 else {
            throw FileProblem(file: "--window-seconds", message: "must be between 3 and 600 seconds")
        }
        guard hopSeconds.isFinite, hopSeconds >= 0.5, hopSeconds <= windowSeconds else {
            throw FileProblem(file: "--hop-seconds", message: "must be between 0.5 s and the window length")
        }
    }
}

/// The JSON-facing result for one recording (field names as `genre classify --format json` prints).
public struct RecordingResult: Sendable, Codable {
    public struct Segment: Sendable, Codable {
        public var startSeconds: Double
        public var endSeconds: Double
        public var genre: String
        public var probabilities: [String: Double]
        enum CodingKeys: String, CodingKey {
            case startSeconds = "start_seconds", endSeconds = "end_seconds", genre, probabilities
        }
    }
    public struct Neighbour: Sendable, Codable {
        public var track: String
        public var genre: String
        public var distance: Double
    }
    /// How unlike the training music a recording is (see `NoveltyDetector` and the README).
    public struct Novelty: Sendable, Codable {
        /// Fraction (0–1) of held-out training windows of the same length that are less unusual.
        public var score: Double
        /// True when `distance` exceeds `threshold`: unlike the music the model was trained on.
        public var unfamiliar: Bool
        /// The recording's Mahalanobis distance to the nearest genre, and the limit past which it
        /// is unfamiliar (for `method` "nearest-neighbour": the mean distance to the nearest
        /// training tracks and the 99th percentile of the training tracks' own).
        public var distance: Double
        public var threshold: Double
        /// "gaussian" (the calibrated detector) or "nearest-neighbour" (model files without one).
        public var method: String?

        public static let gaussianMethod = "gaussian"
        public static let legacyMethod = "nearest-neighbour"
    }

    public var file: String
    public var durationSeconds: Double
    public var genre: String
    public var probabilities: [String: Double]
    public var segments: [Segment]
    public var nearest: [Neighbour]
    public var novelty: Novelty
    /// What was wrong with the file or the recording that did not stop the analysis, in plain
    /// words without the file name (salvaged audio, unreadable metadata, a condition outside the
    /// training data); empty when nothing was.
    public var warnings: [String]
    /// Bandwidth, SNR, clipping, DC offset and loudness, measured on the file's own samples
    /// (nil when the result was made from features alone).
    public var condition: RecordingCondition?
    /// The closest genre by each aspect alone (timbre, harmony, dynamics, rhythm), keyed by
    /// aspect name; nil when the model has no aspect models.
    public var aspects: [String: AspectResult]?
    /// Text the file carries about the recording (BWF bext, iXML, RIFF INFO, AIFF text chunks,
    /// Vorbis comments, ID3 and other tags through ffprobe), key → value, as `EmbeddedMetadata`
    /// names the keys; empty when the file has none, nil when the result was made from features
    /// alone. Metadata that could not be read is in `warnings`.
    public var metadata: [String: String]?
    /// Which of the model's pipelines gave `probabilities` and `segments`: "narrowband" for a
    /// band-limited recording when the model has a narrow-band variant (`NarrowbandVariant`),
    /// "main" otherwise (nil when not said, e.g. results decoded from older output).
    public var modelVariant: ModelVariant? = nil

    enum CodingKeys: String, CodingKey {
        case file, durationSeconds = "duration_seconds", genre, probabilities, segments, nearest, novelty, warnings
        case condition, aspects, metadata, modelVariant = "model_variant"
    }

    /// Classes ordered by probability, highest first.
    public var ranked: [(genre: String, probability: Double)] {
        probabilities.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }
}

/// Classifies recordings with a `GenreModel`: windows across the whole recording (streamed, so
/// an hour-long file needs about one window of memory), features of each window, probabilities
/// per window and their mean for the recording, nearest training tracks and novelty.
public struct RecordingClassifier: Sendable {
    public let model: GenreModel
    public let options: ClassifyOptions
    let builder: FeatureTableBuilder

    public init(model: GenreModel, options: ClassifyOptions = ClassifyOptions()) throws {
        try options.validate()
        guard model.featureNames == KaggleSchema.featureNames else {
            throw FileProblem(file: "model", message: "the model was not trained on the 57 GTZAN audio features, so it cannot classify audio")
        }
        self.model = model
        self.options = options
        builder = try FeatureTableBuilder()
    }

    /// The windows: starts on the STFT's frame grid (512 samples, 23 ms), so that overlapping
    /// windows share their frames.
    var plan: WindowPlan {
        WindowPlan(window: Int((options.windowSeconds * Recording.sampleRate).rounded()),
                   hop: Int((options.hopSeconds * Recording.sampleRate).rounded()), grid: Self.frameGrid)
    }

    /// The feature extractor's STFT hop: windows starting on multiples of it share frames.
    static let frameGrid = 512

    /// Consecutive windows analysed as one span (`KaggleFeatureExtractor.features(span:windows:)`):
    /// with windows every 15 s, 4 windows cost the analysis of 75 s instead of 120 s; the span's
    /// spectra take ~1.2 MB per second of audio, and `windowConcurrency` spans are in flight.
    /// `GENRE_SPAN_WINDOWS=N` in the environment changes it (bench/longfile; 1 analyses every
    /// window alone, as before the sharing).
    static let windowsPerSpan = ProcessInfo.processInfo.environment["GENRE_SPAN_WINDOWS"].flatMap(Int.init)
        .map { min(max($0, 1), 16) } ?? 4

    /// `windows` (in order) grouped into runs of at most `limit` that overlap, each with the
    /// range from its first window's start to its last one's end (whose samples the span is
    /// cut as, once). Windows that do not overlap their predecessor (hop ≥ window) or are off
    /// its frame grid share nothing and start a run of their own.
    static func spans(of windows: [Range<Int>], limit: Int) -> [(range: Range<Int>, windows: [Range<Int>])] {
        var runs: [[Range<Int>]] = []
        for w in windows {
            // Only windows on the span's frame grid share its frames: another (the end-aligned
            // one) would lengthen the span's analysis for nothing.
            // Nor does a last window lengthened by a short tail (a length of its own).
            let joins = runs.last.map { run in
                let start = run[0].lowerBound, end = run[run.count - 1].upperBound
                return run.count < limit && w.lowerBound >= start && (w.lowerBound - start) % frameGrid == 0
                    && w.count == run[0].count && w.lowerBound < end
            } ?? false
            if joins { runs[runs.count - 1].append(w) } else { runs.append([w]) }
        }
        return runs.map { run in (run[0].lowerBound..<run.map(\.upperBound).max()!, run) }
    }

    /// Features of every window of a recording, streamed from disk.
    /// - Parameter observe: also given each decoded mono 22050 Hz block (as the windows take it,
    ///   in Double), in order, with the source's format (so one decoding pass can feed another
    ///   consumer, e.g. a spectrogram).
    ///   Also returns the decoder's warnings (audio salvaged from a damaged file, metadata that
    ///   could not be read), the recording's condition, measured on the decoded blocks before
    ///   mixing and resampling, and the file's embedded metadata, which the decoder read from
    ///   the chunks it walks to reach the audio.
    /// - Parameter band: a filter every decoded 22050 Hz block passes through before the windows
    ///   take it (the narrow-band variant's input band, `NarrowbandVariant.inputFilter`); the
    ///   condition is measured before it, on the source.
    public func windowFeatures(_ url: URL, observe: ((AudioFormatInfo, [Double]) -> Void)? = nil,
                               band: BandPassFilter? = nil) throws
        -> (windows: [Range<Int>], features: Matrix, total: Int, warnings: [String], condition: ConditionMeasurement,
            metadata: EmbeddedMetadata)
    {
        let stream = try Recording.stream(url, quality: options.resampling)
        var meter = ConditionMeter()
        stream.observeSource = { block in meter.add(block.samples, channels: block.channels, sampleRate: block.sampleRate) }
        var windower = StreamingWindower(plan: plan)
        var ranges: [Range<Int>] = []
        var rows: [Double] = []
        var pending: [Range<Int>] = []
        // The last span's frames and harmonic waveform near its end, for the first span of the
        // next batch (the spans of one batch run concurrently, so only that one can take them).
        var carry: SpanCarry?
        let blockSize = 1 << 16
        func drain(force: Bool) throws {
            let concurrency = max(options.windowConcurrency, 1)
            guard !pending.isEmpty, force || pending.count >= concurrency * Self.windowsPerSpan else { return }
            // Each span's samples cut out of the held blocks once (here, on this thread: cut in
            // the workers, their arenas held 25-50 MB more at peak).
            let spans = Self.spans(of: pending, limit: Self.windowsPerSpan).map {
                (range: $0.range, windows: $0.windows, samples: windower.samples($0.range))
            }
            pending.removeAll()
            windower.release(before: windower.total)
            let (previous, plan, last) = (carry, plan, spans.count - 1)
            carry = nil
            let results = try parallelMap(Array(spans.enumerated()), maxConcurrency: concurrency) { i, span in
                Result { () throws -> (rows: [[Double]], carrySource: SpanCarrySource?) in
                    let start = span.range.lowerBound
                    let relative = span.windows.map { ($0.lowerBound - start)..<($0.upperBound - start) }
                    let (values, source) = builder.extractor.features(
                        span: span.samples, windows: relative, start: start, carry: i == 0 ? previous : nil)
                    return (try zip(span.windows, values).map {
                        try FeatureRow(filename: url.lastPathComponent, length: $0.count, features: $1)
                            .requiringFinite(file: url.path, startSeconds: Double($0.lowerBound) / Recording.sampleRate).features
                    }, i == last ? source : nil)
                }
            }.map { try $0.get() }
            // The next batch's first window starts a hop after this batch's last (within a grid step).
            if let span = spans.last, let source = results.last?.carrySource {
                carry = source.carry(from: span.windows.last!.lowerBound + plan.hop - plan.grid - span.range.lowerBound)
            }
            for (span, result) in zip(spans, results) {
                ranges += span.windows
                for v in result.rows { rows += v }
            }
        }
        do {
            while let block = try stream.next(maxSamples: blockSize) {
                let passed: [Float] = band.map { $0.process(block) } ?? block
                let samples = passed.map(Double.init)
                observe?(stream.sourceInfo, samples)
                pending += windower.append(samples)
                try drain(force: false)
            }
            if let band { pending += windower.append(band.flush().map(Double.init)) }
        } catch { throw Recording.problem(error, url: url) }
        pending += windower.finish()
        let minimum = Int(ClassifyOptions.minimumSeconds * Recording.sampleRate)
        guard windower.total >= minimum else {
            throw FileProblem(file: url.path, message: windower.total == 0 ? "no audio samples"
                : String(format: "too short to classify: %.2f s (needs at least %.0f s)", Double(windower.total) / Recording.sampleRate, ClassifyOptions.minimumSeconds))
        }
        try drain(force: true)
        return (ranges, Matrix(rows: ranges.count, columns: KaggleSchema.featureCount, values: rows), windower.total,
                stream.warnings, meter.measurement, stream.metadata)
    }

    /// Classifies one recording file.
    public func classify(_ url: URL) throws -> RecordingResult {
        try classifyWithFeatures(url).result
    }

    /// Classifies one recording file and also returns its window features (rows in window order).
    /// - Parameter observe: as in `windowFeatures`.
    public func classifyWithFeatures(_ url: URL, observe: ((AudioFormatInfo, [Double]) -> Void)? = nil) throws
        -> (result: RecordingResult, features: Matrix)
    {
        let (result, features, _) = try classifyWithAllFeatures(url, observe: observe)
        return (result, features)
    }

    /// `classifyWithFeatures`, and also the windows' features through the narrow-band variant's
    /// input band when it answered (nil otherwise), for a catalogue to keep.
    public func classifyWithAllFeatures(_ url: URL, observe: ((AudioFormatInfo, [Double]) -> Void)? = nil) throws
        -> (result: RecordingResult, features: Matrix, narrowbandFeatures: Matrix?)
    {
        let (windows, features, total, warnings, condition, metadata) = try windowFeatures(url, observe: observe)
        // A recording the narrow-band variant answers is analysed a second time, through the
        // variant's input band: its probabilities come from those features, the rest (nearest
        // tracks, novelty, aspects) from the first pass's, as the main model's.
        var narrowFeatures: Matrix?
        if model.variant(bandwidthHz: condition.bandwidthHz) == .narrowband {
            narrowFeatures = try windowFeatures(url, band: NarrowbandVariant.inputFilter()).features
        }
        return (result(file: url.path, windows: windows, features: features, totalSamples: total, warnings: warnings,
                       condition: condition, metadata: metadata.dictionary, narrowbandFeatures: narrowFeatures),
                features, narrowFeatures)
    }

    /// The result for a recording whose window features are known; a measured `condition`
    /// outside the training data's adds its warnings (`ConditionLimits`).
    /// - Parameter bandwidthHz: without a `condition`, the recording's bandwidth measured before
    ///   (e.g. kept in a catalogue), so that re-classifying stored features picks the same
    ///   pipeline as classifying the file (`GenreModel.variant(bandwidthHz:)`).
    /// - Parameter narrowbandFeatures: the same windows' features through the narrow-band
    ///   variant's input band, for its probabilities when it answers (without them, as for a
    ///   catalogue's recordings indexed before it kept them, it answers from `features`).
    public func result(file: String, windows: [Range<Int>], features: Matrix, totalSamples: Int,
                       warnings: [String] = [], condition: ConditionMeasurement? = nil,
                       metadata: [String: String]? = nil, bandwidthHz: Double? = nil,
                       narrowbandFeatures: Matrix? = nil) -> RecordingResult {
        let classes = model.classes
        // The one place the pipeline is chosen: by the recording's measured bandwidth.
        let variant = model.variant(bandwidthHz: condition?.bandwidthHz ?? bandwidthHz)
        let p = model.probabilities(variant == .narrowband ? narrowbandFeatures ?? features : features, variant: variant)
        var mean = p.columnMeans()
        let total = mean.reduce(0, +)
        if total > 0 { mean = mean.map { $0 / total } }
        func named(_ values: [Double]) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: zip(classes, values))
        }
        func best(_ values: [Double]) -> String { classes[values.indices.max { values[$0] < values[$1] } ?? 0] }
        let segments = windows.enumerated().map { i, range -> RecordingResult.Segment in
            let row = Array(p.row(i))
            return .init(startSeconds: Double(range.lowerBound) / Recording.sampleRate,
                         endSeconds: Double(range.upperBound) / Recording.sampleRate, genre: best(row), probabilities: named(row))
        }
        // Evidence in the model's own (transformed) feature space.
        let transformed = model.pipeline.transformed(features)
        let reference = model.reference
        var closest: [Int: Double] = [:]
        for r in 0..<transformed.rows {
            for n in reference.nearest(transformed.row(r), count: options.nearestCount) {
                closest[n.index] = min(closest[n.index] ?? .infinity, n.distance)
            }
        }
        let nearest = closest.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.prefix(options.nearestCount).map {
            RecordingResult.Neighbour(track: reference.names[$0.key], genre: classes[reference.labels[$0.key]], distance: $0.value)
        }
        let novelty = model.novelty(windowFeatures: features, windowSeconds: windows.map { Double($0.count) / Recording.sampleRate },
                                    transformed: transformed)
        return RecordingResult(file: file, durationSeconds: Double(totalSamples) / Recording.sampleRate, genre: best(mean),
                               probabilities: named(mean), segments: segments, nearest: Array(nearest), novelty: novelty,
                               warnings: warnings + (condition.map { ConditionLimits.gtzan.warnings($0, narrowbandModel: variant == .narrowband) } ?? []),
                               condition: condition.map(RecordingCondition.init),
                               aspects: model.aspects?.results(features, classes: classes), metadata: metadata, modelVariant: variant)
    }
}
