import Foundation

/// Expands command-line paths into the list of files to process.
///
/// Files named explicitly are always kept (so an unsupported or broken file gets its own clear
/// error rather than silently vanishing); folders are searched recursively for files that
/// `isWanted` accepts (audio files by extension), skipping hidden files and folders, in a
/// stable sorted order. A path that does not exist is reported as a problem naming it.
///
/// Each file also gets its path relative to the argument it was found under (its file name
/// when the argument is the file itself): the same on every machine and checkout, so it is what
/// `--shard` hashes and what names the annotation exports of a folder's recordings.
public enum FileDiscovery {
    public struct Result: Sendable {
        public var files: [URL]
        /// One message per path that could not be used, each naming the path.
        public var problems: [FileProblem]
        /// For each file, its path relative to its argument, `/`-separated.
        public var relativePaths: [String]

        /// `relativePaths` defaults to the files' names (for lists made by hand).
        public init(files: [URL], problems: [FileProblem], relativePaths: [String]? = nil) {
            self.files = files
            self.problems = problems
            self.relativePaths = relativePaths ?? files.map(\.lastPathComponent)
            precondition(self.relativePaths.count == files.count)
        }
    }

    public static func expand(_ paths: [String], isWanted: (URL) -> Bool) -> Result {
        var files: [URL] = [], problems: [FileProblem] = [], relative: [String] = []
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
                relative.append(url.lastPathComponent)
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
            found.sort { $0.path < $1.path }
            files += found
            let root = url.standardizedFileURL.pathComponents
            relative += found.map { item in
                let components = item.standardizedFileURL.pathComponents
                guard components.count > root.count, Array(components.prefix(root.count)) == root else { return item.lastPathComponent }
                return components.dropFirst(root.count).joined(separator: "/")
            }
        }
        return Result(files: files, problems: problems, relativePaths: relative)
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
