import Foundation
import Testing
import TestSupport
@testable import Catalog

/// `genre index` as a child process killed with SIGKILL mid-run: the catalogue stays consistent
/// after every kill, and the next run finishes the job with no duplicated or half-written rows.
@Suite(.serialized) struct KilledRunTests {
    @Test func killedRunsLeaveAConsistentCatalogueAndTheNextRunFinishes() throws {
        guard GenreProcess.binary != nil else {
            Issue.record("the genre executable was not found beside the test bundle"); return
        }
        let collection = try TestCollection.make(count: 30, seconds: 12, longEvery: 10)
        defer { collection.remove() }
        let url = collection.root.appendingPathComponent("catalogue.sqlite")
        let arguments = ["index", collection.root.path, "--catalog", url.path]
        var interrupted = 0

        // Kill once a few recordings are in, then once the catalogue has grown further: each
        // time the process may be anywhere (decoding, inside a transaction, between them).
        for target in [3, 12] {
            let log = collection.root.appendingPathComponent("run-\(target).log")
            let child = try GenreProcess.start(arguments, output: log)
            var count = 0
            let deadline = Date().addingTimeInterval(120)
            while child.isRunning && Date() < deadline {
                count = (try? RawCatalog(url).int("SELECT count(*) FROM recording")) ?? 0
                if count >= target { break }
                usleep(5_000)
            }
            if child.isRunning {
                kill(child.processIdentifier, SIGKILL)
                child.waitUntilExit()
                #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)
                interrupted += 1
            } else {
                child.waitUntilExit()
            }
            let raw = try RawCatalog(url)
            #expect(try raw.consistencyProblems() == [], "after the kill at \(target)")
            let done = try raw.int("SELECT count(*) FROM recording")
            #expect(done >= count && done <= collection.good.count)
            #expect(try raw.int("SELECT count(*) FROM file") <= collection.good.count + collection.bad.count)
        }
        #expect(interrupted == 2, "the runs finished before they could be killed: use more or longer recordings")
        let raw = try RawCatalog(url)
        #expect(try raw.int("SELECT count(*) FROM run WHERE finished_at IS NULL") == 2)
        let before = try raw.int("SELECT count(*) FROM file WHERE status = 'present'")

        // The next run analyses only what is left and reports the broken files.
        let (status, output) = try GenreProcess.run(arguments)
        #expect(status == 1, "\(output)")
        let expected = "indexed \(collection.good.count - before), unchanged \(before), failed \(collection.bad.count)"
        #expect(output.contains(expected), "\(output)")
        for name in collection.bad { #expect(output.contains("genre: \(collection.path(name)): "), "\(name) not reported") }
        #expect(try raw.consistencyProblems() == [])
        #expect(try raw.int("SELECT count(*) FROM recording") == collection.good.count)
        #expect(try raw.int("SELECT count(*) FROM file WHERE status = 'present'") == collection.good.count)
        #expect(try raw.int("SELECT count(DISTINCT recording_id) FROM file WHERE status = 'present'") == collection.good.count)
        #expect(try raw.int("SELECT count(*) FROM file WHERE status = 'failed' AND error <> ''") == collection.bad.count)
        #expect(try raw.int("SELECT count(*) FROM segment") == 30 + 3 * 3 - 3)  // 27 one-window + 3 three-window recordings

        let (again, second) = try GenreProcess.run(arguments)
        #expect(again == 1 && second.contains("indexed 0, unchanged \(collection.good.count), failed \(collection.bad.count)"), "\(second)")
        let clean = try GenreProcess.run(["index", collection.root.appendingPathComponent("trip-1998/day-1").path, "--catalog", url.path])
        #expect(clean.status == 0 && clean.output.contains("failed 0"), "\(clean.output)")
    }
}

/// On a terminal (a pseudo-terminal made by util-linux's `script`), `genre index` draws a
/// progress bar on stderr while it works, then its summary line.
struct ProgressBarTests {
    @Test func indexDrawsAProgressBarOnATerminal() throws {
        guard let binary = GenreProcess.binary else { Issue.record("the genre executable was not found beside the test bundle"); return }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { print("skipped: script (util-linux) is not installed"); return }
        let collection = try TestCollection.make(count: 3, broken: false)
        defer { collection.remove() }
        let catalogue = collection.root.appendingPathComponent("c.sqlite").path
        let command = [binary.path, "index", collection.root.path, "--catalog", catalogue].map { "'" + $0 + "'" }.joined(separator: " ")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", command, "/dev/null"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(output)")
        #expect(output.contains("\r[") && output.contains("] 3/3 recordings"), "\(output.debugDescription)")
        #expect(output.contains("indexed 3, unchanged 0, failed 0"), "\(output)")
    }
}
