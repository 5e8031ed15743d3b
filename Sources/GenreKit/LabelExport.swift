import Foundation

/// The annotation formats `genre classify --labels` writes, one file per recording, each made
/// of the recording's genre regions (`RecordingResult.regions`, labelled `jazz 0.71`).
public enum LabelFormat: String, Sendable, CaseIterable, Codable {
    /// An Audacity label track, NAME.txt.
    case audacity
    /// An ELAN document, NAME.eaf.
    case elan
    /// A Sonic Visualiser region layer, NAME.csv.
    case sonicVisualiser = "sonic-visualiser"

    public var fileExtension: String {
        switch self {
        case .audacity: "txt"
        case .elan: "eaf"
        case .sonicVisualiser: "csv"
        }
    }

    /// For serving the file (e.g. a download from the web app).
    public var mimeType: String {
        switch self {
        case .audacity: "text/plain; charset=utf-8"
        case .elan: "application/xml"
        case .sonicVisualiser: "text/csv; charset=utf-8"
        }
    }

    /// The export of one recording.
    /// - Parameter directory: the folder the file goes to, for ELAN's relative link to the
    ///   recording (nil: absolute link only).
    public func render(_ result: RecordingResult, directory: URL?) -> String {
        switch self {
        case .audacity: AudacityLabels.render(result.regions)
        case .sonicVisualiser: SonicVisualiserRegions.render(result.regions)
        case .elan: ELANDocument.render(regions: result.regions, warnings: result.warnings, durationSeconds: result.durationSeconds,
                                        media: URL(fileURLWithPath: result.file), directory: directory)
        }
    }

    /// The file name for a recording: its name without its extension, plus this format's.
    public func fileName(for recording: URL) -> String {
        recording.deletingPathExtension().lastPathComponent + "." + fileExtension
    }
}

/// Writes the annotation exports of a batch into one folder.
///
/// Names: a recording given by name gets `DIR/NAME.ext`; one found in a folder given on the
/// command line keeps its place below that folder (`field-trip/day2/song.wav` → `DIR/day2/song.ext`),
/// so two recordings of the same name in different folders never meet. Shards of the same
/// command (`--shard`) write disjoint files into a shared DIR for the same reason. Two
/// recordings of a batch that would still share a name (`a/song.wav` and `b/song.wav` given
/// by name, or `song.wav` beside `song.flac`) are told apart: the first in command-line order
/// keeps the name, the next gets `song (2).ext`, and so on, with a warning naming both, so no
/// export is overwritten silently. Names are compared ignoring case, as on macOS and Windows
/// file systems. Every file is written atomically (a reader never sees half of one).
public struct LabelExporter: Sendable {
    public let formats: [LabelFormat]
    public let directory: URL
    /// Recording path → export path below `directory`, without extension.
    public let names: [String: String]
    /// One per recording whose export had to be renamed.
    public let notices: [FileWarning]

    public init(formats: [LabelFormat], directory: URL, files discovered: FileDiscovery.Result) {
        self.formats = formats
        self.directory = directory
        var names: [String: String] = [:], owners: [String: String] = [:], notices: [FileWarning] = []
        for (url, relative) in zip(discovered.files, discovered.relativePaths) {
            let path = url.standardizedFileURL.path
            guard names[path] == nil else { continue }
            let base = (relative as NSString).deletingPathExtension
            var name = base, k = 1
            while owners[name.lowercased()] != nil {
                k += 1
                name = "\(base) (\(k))"
            }
            if let owner = owners[base.lowercased()], k > 1 {
                notices.append(FileWarning(file: path, message: "labels written as '\(name)' in \(directory.path), because '\(base)' holds those of \(owner)"))
            }
            owners[name.lowercased()] = path
            names[path] = name
        }
        self.names = names
        self.notices = notices
    }

    /// The files `result` is exported to.
    public func destinations(for result: RecordingResult) -> [(format: LabelFormat, url: URL)] {
        let path = URL(fileURLWithPath: result.file).standardizedFileURL.path
        let name = names[path] ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return formats.map { ($0, directory.appendingPathComponent(name + "." + $0.fileExtension)) }
    }

    /// Writes every format of `result` (creating sub-folders as needed) and returns the files.
    @discardableResult
    public func write(_ result: RecordingResult) throws -> [URL] {
        try destinations(for: result).map { format, url in
            let folder = url.deletingLastPathComponent()
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw FileProblem(file: result.file, message: "cannot create the labels folder \(folder.path): \(error.localizedDescription)")
            }
            try AtomicFile.write(format.render(result, directory: folder), to: url)
            return url
        }
    }
}
