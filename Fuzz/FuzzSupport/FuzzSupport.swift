import AudioIO
import CLibFuzzer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What every fuzz target shares.
///
/// Each target is an executable whose `main.swift` calls `Fuzz.main` with its test function and
/// its seeds. scripts/fuzz.sh compiles it with AddressSanitizer and SanitizerCoverage and links
/// libFuzzer's driver (`LLVMFuzzerRunDriver`, from the runtime without `main`). The seeds are made by the project's own writers (AudioWriter, FLACEncoder,
/// the model writer) when the target runs with `GENRE_FUZZ_WRITE_SEEDS=DIR`, so the corpus needs
/// nothing committed and follows the writers.
public enum Fuzz {
    public typealias TestFunction = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Keeps ffmpeg out of the decoders (the native code is what is fuzzed, and a subprocess per
    /// input would be slow); writes the seeds and exits when asked for them; otherwise hands the
    /// command line to libFuzzer's driver and exits with its status.
    public static func main(seeds: () throws -> [Seeds.Seed], test: TestFunction) -> Never {
        setenv("AUDIOIO_DISABLE_FFMPEG", "1", 1)
        if let dir = ProcessInfo.processInfo.environment["GENRE_FUZZ_WRITE_SEEDS"] {
            do {
                let url = URL(fileURLWithPath: dir)
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                let made = try seeds()
                for seed in made { try Data(seed.bytes).write(to: url.appendingPathComponent(seed.name)) }
                print("wrote \(made.count) seeds to \(dir)")
                exit(0)
            } catch {
                print("cannot write seeds: \(error)")
                exit(1)
            }
        }
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        if let mode = ProcessInfo.processInfo.environment["GENRE_FUZZ_SELF_TEST"] {
            selfTestMode = mode
            exit(LLVMFuzzerRunDriver(&argc, &argv, misbehave))
        }
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
    }

    /// The fuzzer's bytes as an array.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// A scratch file of this process (in /dev/shm when it exists, so no disk I/O per input),
    /// rewritten with each input: the decoders and loaders under test read files, as they ship.
    public static func scratchFile(_ bytes: [UInt8], suffix: String) -> URL {
        let url = scratchDirectory.appendingPathComponent("genre-fuzz-\(getpid())\(suffix)")
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else {
            fatalError("fuzz harness: cannot write \(url.path)")
        }
        return url
    }

    static let scratchDirectory: URL = {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory), isDirectory.boolValue {
            return URL(fileURLWithPath: "/dev/shm")
        }
        return FileManager.default.temporaryDirectory
    }()

    /// Opens `bytes` as an audio file the way the CLI does (`AudioDecoder.open`, on the bytes in
    /// memory: the same parsers, without a file per input) and decodes all of it in small blocks
    /// (block boundaries are where decoders go wrong), reading the warnings at the end. Errors
    /// are the expected outcome for most inputs; only crashes, hangs and huge allocations count.
    public static func decodeAll(_ bytes: [UInt8], name: String) {
        guard let reader = try? AudioDecoder.open(bytes: bytes, name: name) else { return }
        let info = reader.info
        precondition(info.channels >= 1 && info.sampleRate > 0, "decoder accepted a header it should reject: \(info)")
        var blockSize = 1 + bytes.count % 4093
        var emptyInARow = 0
        do {
            while let block = try reader.readBlock(maxFrames: blockSize) {
                precondition(block.frameCount <= blockSize, "block of \(block.frameCount) frames, \(blockSize) asked for")
                emptyInARow = block.frameCount == 0 ? emptyInARow + 1 : 0
                precondition(emptyInARow < 1000, "1000 empty blocks in a row: the reader never ends")
                blockSize = blockSize % 4093 + 1
            }
        } catch {}
        _ = reader.warnings
    }
}

/// Building blocks for seeds: the project's writers, and small edits of what they wrote.
public enum Seeds {
    public typealias Seed = (name: String, bytes: [UInt8])

    /// A short deterministic signal in (-1, 1): two sines and a little noise, per channel.
    public static func signal(frames: Int = 96, channels: Int = 1) -> [[Float]] {
        (0..<channels).map { c in
            var state = UInt64(977 + c)
            return (0..<frames).map { i in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let noise = Float(state >> 40) / Float(1 << 24) - 0.5
                return 0.5 * sinf(0.05 * Float(i) * Float(c + 1)) + 0.3 * sinf(0.3 * Float(i) + 1) + 0.15 * noise
            }
        }
    }

    /// What `write` puts in a file, read back as bytes.
    public static func written(_ name: String, _ write: (URL) throws -> Void) throws -> Seed {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("genre-fuzz-seed-\(getpid())-\(name)")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(url)
        return (name, Array(try Data(contentsOf: url)))
    }

    /// `bytes` with `replacement` written over it at `offset`.
    public static func patched(_ bytes: [UInt8], at offset: Int, _ replacement: [UInt8]) -> [UInt8] {
        var out = bytes
        out.replaceSubrange(offset..<offset + replacement.count, with: replacement)
        return out
    }

    public static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    public static func be32(_ v: Int) -> [UInt8] { le32(v).reversed() }

    /// A RIFF (little-endian sizes) or IFF (big-endian) chunk with its pad byte.
    public static func chunk(_ id: String, _ body: [UInt8], bigEndian: Bool) -> [UInt8] {
        Array(id.utf8) + (bigEndian ? be32(body.count) : le32(body.count)) + body + (body.count & 1 == 1 ? [0] : [])
    }

    /// A RIFF or FORM file with `chunk` inserted right after the 12-byte file header, and the
    /// file header's size field updated (left alone when it is RF64's 0xFFFFFFFF).
    public static func inserting(_ chunk: [UInt8], into file: [UInt8], bigEndian: Bool) -> [UInt8] {
        var out = Array(file[0..<12]) + chunk + Array(file[12...])
        let old = bigEndian ? Int(out[4]) << 24 | Int(out[5]) << 16 | Int(out[6]) << 8 | Int(out[7])
                            : Int(out[4]) | Int(out[5]) << 8 | Int(out[6]) << 16 | Int(out[7]) << 24
        if old != 0xFFFF_FFFF { out.replaceSubrange(4..<8, with: bigEndian ? be32(old + chunk.count) : le32(old + chunk.count)) }
        return out
    }

    /// An EBU Tech 3285 `bext` body (602 fixed bytes, then the coding history).
    public static func bext() -> [UInt8] {
        func padded(_ s: String, _ n: Int) -> [UInt8] { Array((Array(s.utf8) + [UInt8](repeating: 0, count: n)).prefix(n)) }
        var b = padded("Wedding song, second take", 256) + padded("Zoom F8", 32) + padded("F8-0042", 32)
        b += padded("2023-07-14", 10) + padded("18:30:05", 8) + le32(48000 * 7) + le32(0) + [2, 0]
        b += [UInt8](repeating: 0, count: 64 + 10 + 180)
        return b + Array("A=PCM,F=48000,W=24,M=stereo,T=Zoom F8\r\nA=PCM,F=22050,W=16,M=mono\r\n".utf8)
    }

    /// A RIFF `LIST` body of type INFO with a few entries (one odd-sized, so padded).
    public static func infoList() -> [UInt8] {
        var b = Array("INFO".utf8)
        for (id, text) in [("INAM", "Harvest song\0"), ("IART", "Women of Vall\u{e9}"), ("ICMT", "Tape 7, side B"), ("ICRD", "1968")] {
            let t = Array(text.utf8)
            b += Array(id.utf8) + le32(t.count) + t + (t.count & 1 == 1 ? [0] : [])
        }
        return b
    }

    /// An iXML document as a recorder writes it (with entities, a character reference and CDATA).
    public static func ixml() -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <BWFXML><IXML_VERSION>2.10</IXML_VERSION><PROJECT>Highland survey</PROJECT><SCENE>12A</SCENE>
            <TAKE>3</TAKE><TAPE>DAY2</TAPE><NOTE>Rain &amp; wind &lt;loud&gt; &#233;t&#xE9; <![CDATA[<raw> & kept]]></NOTE>
            <TRACK_LIST><TRACK><NAME>Mix</NAME></TRACK></TRACK_LIST></BWFXML>
            """.utf8) + [0, 0]
    }

    /// A Vorbis comment block body (little-endian lengths: vendor, count, `KEY=value` entries).
    public static func vorbisComment() -> [UInt8] {
        let vendor = Array("reference libFLAC 1.4.3 20230623".utf8)
        let entries = ["TITLE=Harvest song", "ARTIST=Women of Vall\u{e9}", "ARTIST=Choir", "DATE=1968", "COMMENT=Tape 7"].map { Array($0.utf8) }
        var b = le32(vendor.count) + vendor + le32(entries.count)
        for e in entries { b += le32(e.count) + e }
        return b
    }
}

// MARK: - Self-test

/// `scripts/fuzz.sh --self-test` runs a target with `GENRE_FUZZ_SELF_TEST=MODE`, which swaps its
/// test for one that misbehaves on purpose, to show that each kind of finding fails the run.
nonisolated(unsafe) private var selfTestMode = ""
nonisolated(unsafe) private var leaked: UnsafeMutablePointer<UInt8>?

private func misbehave(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    switch selfTestMode {
    case "crash":
        fatalError("self-test: a crash")
    case "leak":
        // The previous input's block becomes unreachable.
        leaked = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
        leaked?.initialize(to: 1)
    case "timeout":
        // sleep() returns early on libFuzzer's SIGALRM, so sleep until 12 s have passed.
        let end = Date().addingTimeInterval(12)
        while Date() < end { usleep(100_000) }
    case "memory":
        let block = UnsafeMutableRawPointer.allocate(byteCount: 3 << 30, alignment: 16)
        block.storeBytes(of: 1, as: UInt8.self)
        block.deallocate()
    default:
        fatalError("self-test: unknown mode \(selfTestMode)")
    }
    return 0
}
