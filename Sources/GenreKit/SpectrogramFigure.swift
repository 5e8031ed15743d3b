import AudioIO
import Features
import Foundation
import Graphics

/// Log-mel spectrogram figures of recordings: PNG images (magma colour map, low frequencies at
/// the bottom) and labelled SVG figures with a time axis and a frequency axis in Hz.
public enum SpectrogramFigure {
    /// Most image columns drawn; longer recordings average the mel power of neighbouring frames.
    public static let maxColumns = 1800

    /// A log-mel spectrogram ready to draw: dB values (mel-band-major rows per frame) and the
    /// seconds it spans.
    public struct Image: Sendable {
        public var decibels: Spectrogram
        public var seconds: Double
    }

    /// The recording's log-mel image (see `Builder`), decoding `url` for it alone.
    public static func image(of url: URL) throws -> Image {
        let stream = try Recording.stream(url)
        var builder = Builder(source: stream.sourceInfo)
        while let block = try nextBlock(stream, url) { builder.append(block.map(Double.init)) }
        return try builder.image(file: url.path)
    }

    /// Builds a recording's log-mel image from its mono 22050 Hz blocks as they are decoded, so
    /// one decoding pass can also feed the classifier. Up to `maxColumns` frames the image is
    /// exactly librosa's `power_to_db(melspectrogram(y), ref=np.max)`; longer recordings (as the
    /// source's frame count announces them) are transformed in chunks of whole hops and
    /// neighbouring frames' mel power averaged, so an hour needs little memory.
    public struct Builder {
        static let hop = 512
        /// Frames averaged per image column (1: the exact, unpooled image).
        let pool: Int
        let chunkFrames: Int
        var buffer: [Double] = []
        var columns: [Double] = []
        var pending: [Double] = []
        var pendingCount = 0
        var total = 0
        let bank = MelFilterBank(sampleRate: Recording.sampleRate)
        let stft = STFT()

        /// - Parameter source: the decoder's view of the file (its length sets the pooling).
        public init(source info: AudioFormatInfo) {
            let expected = info.frameCount.map { Double($0) * Recording.sampleRate / max(info.sampleRate, 1) } ?? 0
            let framesExpected = Int(expected) / Self.hop + 1
            pool = max(1, (framesExpected + maxColumns - 1) / maxColumns)
            chunkFrames = pool * max(1, 2584 / pool)
        }

        /// Takes the next decoded block.
        public mutating func append(_ block: [Double]) {
            buffer += block
            total += block.count
            guard pool > 1 else { return }
            let chunkSamples = chunkFrames * Self.hop
            while buffer.count >= chunkSamples {
                consume(Array(buffer[0..<chunkSamples]), frames: chunkFrames)
                buffer.removeFirst(chunkSamples)
            }
        }

        /// The image of everything appended. `file` names the recording in the error thrown when
        /// it is too short for one frame.
        public mutating func image(file: String) throws -> Image {
            if pool == 1 {
                guard buffer.count >= 2048 else { throw FileProblem(file: file, message: "too short for a spectrogram") }
                return Image(decibels: LogMel.spectrogram(buffer), seconds: Double(buffer.count) / Recording.sampleRate)
            }
            if buffer.count >= 2048 { consume(buffer, frames: buffer.count / Self.hop + 1) }
            buffer = []
            flush()
            let frames = columns.count / bank.melCount
            guard frames > 0 else { throw FileProblem(file: file, message: "too short for a spectrogram") }
            let power = Spectrogram(binCount: bank.melCount, frameCount: frames, values: columns)
            return Image(decibels: LogMel.decibels(power), seconds: Double(total) / Recording.sampleRate)
        }

        private mutating func consume(_ chunk: [Double], frames: Int) {
            let mel = bank.apply(stft.transform(chunk, padMode: .constant).power())
            for t in 0..<min(frames, mel.frameCount) {
                if pending.isEmpty { pending = [Double](repeating: 0, count: bank.melCount) }
                for m in 0..<bank.melCount { pending[m] += mel[m, t] }
                pendingCount += 1
                if pendingCount == pool { flush() }
            }
        }

        private mutating func flush() {
            guard pendingCount > 0 else { return }
            columns += pending.map { $0 / Double(pendingCount) }
            pending = []
            pendingCount = 0
        }
    }

    static func nextBlock(_ stream: MonoStream, _ url: URL) throws -> [Float]? {
        do { return try stream.next(maxSamples: 1 << 16) } catch { throw Recording.problem(error, url: url) }
    }

    /// The dB image as PNG bytes: one pixel per frame and mel band, magma, −80…0 dB.
    public static func png(_ image: Image) throws -> [UInt8] {
        let db = image.decibels
        // Spectrogram storage is frame-major; the image wants band rows, frame columns.
        var rowsMajor = [Double](repeating: 0, count: db.values.count)
        for t in 0..<db.frameCount { for m in 0..<db.binCount { rowsMajor[m * db.frameCount + t] = db[m, t] } }
        let picture = try heatmapImage(values: rowsMajor, rows: db.binCount, columns: db.frameCount,
                                       range: -80...0, colorMap: .magma, flipVertically: true)
        return PNG.encode(picture)
    }

    /// Frequency ticks (Hz) at their positions on the mel axis (0 = bottom, 1 = top).
    public static func frequencyTicks(melCount: Int = 128, sampleRate: Double = Recording.sampleRate) -> [AxisTick] {
        let top = MelScale.mel(fromHz: sampleRate / 2)
        return [0, 512, 1024, 2048, 4096, 8192].compactMap { hz -> AxisTick? in
            let position = MelScale.mel(fromHz: Double(hz)) / top
            guard position <= 1 else { return nil }
            return AxisTick(position: position, label: hz >= 1000 ? "\(hz / 1000)k" : "\(hz)")
        }
    }

    /// A labelled SVG figure of the image (time axis, Hz axis, dB colour bar).
    public static func svg(_ image: Image, title: String? = nil, plotWidth: Double = 720) throws -> String {
        try SVGChart.imageWithAxes(png: png(image), timeRange: 0...max(image.seconds, 0.001), yTicks: frequencyTicks(),
                                   title: title, colorBar: ColorBar(colorMap: .magma, range: -80...0, label: "dB"),
                                   plotWidth: plotWidth, plotHeight: 240)
    }
}

