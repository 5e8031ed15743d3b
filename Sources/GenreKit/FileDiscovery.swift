import Foundation

/// Expands command-line paths into the list of files to process.
///
/// Files named explicitly are always kept (so an unsupported or broken file gets its own clear
/// error rather than silently vanishing); folders are searched recursively for files that
/// `isWanted` accepts (audio files by extension), skipping hidden files and folders, in a
/// stable sorted order. A path that does not exist is reported as a problem naming it.
public enum FileDiscovery {
    public struct Result: Sendable {
        public var files: [URL]
        /// One message per path that could not be used, each naming the path.
        public var problems: [FileProblem]
    }

    public static func expand(_ paths: [String], isWanted: (URL) -> Bool) -> Result {
        var files: [URL] = [], problems: [FileProblem] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(FileProblem(file: path, message: "no such file or folder"))
                continue
            }
            let url = URL(fileURLWithPath: path)
            if !isDirectory.boolValue {
                files.append(url)
                continue
            }
            guard let walker = fm.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey],
                                             options: [.skipsHiddenFiles]) else {
                problems.append(FileProblem(file: path, message: "cannot read folder"))
                continue
            }
            var found: [URL] = []
            for case let item as URL in walker {
                let regular = (try? item.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile ?? false
                if regular && isWanted(item) { found.append(item) }
            }
            if found.isEmpty {
                problems.append(FileProblem(file: path, message: "folder holds no audio files"))
            }
            files += found.sorted { $0.path < $1.path }
        }
        return Result(files: files, problems: problems)
    }
}

/// One input that failed, with a one-line explanation. Rendered as `file: message`.
public struct FileProblem: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, message: String) {
        self.file = file
        // Keep it one line whatever the underlying error said.
        self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
    public var description: String { "\(file): \(message)" }

    /// A problem with `file` described by a library error, whose text may already lead with the
    /// path (the model-file and dataset errors do): that prefix is not repeated.
    public init(file: String, error: Error) {
        let text = "\(error)"
        self.init(file: file, message: text.hasPrefix(file + ": ") ? String(text.dropFirst(file.count + 2)) : text)
    }
}
