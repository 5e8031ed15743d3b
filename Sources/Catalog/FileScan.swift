import Foundation
import GenreKit

/// The recordings `genre index` was pointed at, each with where it was found (the argument, and
/// its path relative to that argument: what `--shard` hashes, the same on every machine) and what
/// `stat` says about it now (size and modification time, which decide whether it changed).
public struct FoundFile: Sendable, Equatable {
    /// Absolute path (the file's key in the catalogue).
    public var path: String
    /// The command-line argument it was found under, as an absolute path.
    public var root: String
    /// Its path relative to `root` (its file name when `root` is the file itself).
    public var relativePath: String
    public var size: Int
    /// Modification time in nanoseconds since 1970.
    public var mtimeNs: Int64

    public var url: URL { URL(fileURLWithPath: path) }
    public var folder: String { (path as NSString).deletingLastPathComponent }
}

public enum FileScan {
    /// Expands `paths` as every command does (`FileDiscovery`: folders searched recursively for
    /// audio, files named explicitly always kept) and stats each file. A file found under two
    /// arguments is listed once, under the first. With a `shard`, only the files of that shard
    /// are listed, chosen exactly as `features` and `classify` choose them
    /// (`FileDiscovery.Result.sharded`, on the same relative paths).
    public static func scan(_ paths: [String], shard: Shard? = nil) -> (files: [FoundFile], roots: [String], problems: [FileProblem]) {
        var files: [FoundFile] = [], roots: [String] = [], problems: [FileProblem] = []
        var seen = Set<String>()
        for argument in paths {
            let root = absolute(argument)
            let found = FileDiscovery.expand([argument], isWanted: Recording.isAudioFile).sharded(shard)
            problems += found.problems
            // A root even when it is gone: what was catalogued under it is missing now.
            roots.append(root)
            for (url, relative) in zip(found.files, found.relativePaths) {
                let path = absolute(url.path)
                guard seen.insert(path).inserted else { continue }
                guard let (size, mtime) = status(path) else {
                    problems.append(FileProblem(file: path, message: "cannot read file status: \(String(cString: strerror(errno)))"))
                    continue
                }
                files.append(FoundFile(path: path, root: root, relativePath: relative, size: size, mtimeNs: mtime))
            }
        }
        return (files, roots, problems)
    }

    /// The path of a file at or under `root` relative to it, as `FileDiscovery` gives it (the
    /// file's name when it is the root itself): what `--shard` hashes.
    public static func relativePath(_ path: String, root: String) -> String {
        if path == root { return (path as NSString).lastPathComponent }
        return root == "/" ? String(path.dropFirst()) : String(path.dropFirst(root.count + 1))
    }

    /// Whether `path` lies at or under `root`.
    public static func isUnder(_ path: String, root: String) -> Bool {
        path == root || root == "/" || path.hasPrefix(root + "/")
    }

    /// An absolute, standardised path (no `.`, `..` or doubled slashes; symbolic links kept).
    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Size in bytes and modification time in ns, from stat(2); nil when it fails.
    static func status(_ path: String) -> (Int, Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return (Int(info.st_size), Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }
}
