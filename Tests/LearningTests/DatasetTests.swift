import Foundation
import Testing
@testable import Learning

/// Test data locations: ../shared/gtzan relative to the repository root (absent in a fresh clone)
/// and temporary CSV files.
enum SelectionTestData {
    static let gtzan: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/gtzan")
    static var gtzanAvailable: Bool {
        FileManager.default.fileExists(atPath: gtzan.appendingPathComponent("features_30_sec.csv").path)
    }
    static let skip: Comment = "../shared/gtzan is absent: GTZAN dataset test skipped"

    /// Writes `text` to a fresh temporary file and returns its URL.
    static func temporaryFile(_ text: String, name: String = "data.csv") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("selection-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }
}

private func load(_ text: String, featureNames: [String]? = nil) throws -> Dataset {
    let url = try SelectionTestData.temporaryFile(text)
    defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
    return try Dataset.loadCSV(url, featureNames: featureNames)
}

/// The thrown error's description (tests check that messages name the problem).
private func message(_ body: () throws -> Dataset) -> String {
    do { _ = try body(); return "no error" } catch { return "\(error)" }
}

@Test func loadsCRLFQuotedCSVWithSortedClasses() throws {
    let text = "filename,length,a_mean,a_var,label\r\n"
        + "\"x,1.wav\",10,1.5,2e3,rock\r\n"
        + "b.wav,11,-2,\"0.25\",\"hip hop\"\r\n"
        + "c.wav,12,3,4,blues\r\n\r\n"
    let d = try load(text)
    #expect(d.names == ["x,1.wav", "b.wav", "c.wav"])
    #expect(d.featureNames == ["a_mean", "a_var"])
    #expect(d.classes == ["blues", "hip hop", "rock"])
    #expect(d.labels == [2, 1, 0])
    #expect(d.x.rowArrays == [[1.5, 2000], [-2, 0.25], [3, 4]])
    #expect(d.classCounts == [1, 1, 1])
}

@Test func loadsLFAndSelectsExpectedColumnsInGivenOrder() throws {
    let text = "label,b,filename,a,length,c\npop,2,p.wav,1,5,3\njazz,20,j.wav,10,5,30\n"
    let d = try load(text, featureNames: ["c", "a"])
    #expect(d.featureNames == ["c", "a"])
    #expect(d.x.rowArrays == [[3, 1], [30, 10]])
    #expect(d.labels == [1, 0])
    let all = try load(text)
    #expect(all.featureNames == ["b", "a", "c"])
    #expect(message { try load(text, featureNames: ["a", "zcr_var"]) }.contains("missing column 'zcr_var'"))
}

@Test func badInputGivesClearErrorsWithLineNumbers() {
    let header = "filename,length,f1,f2,label\n"
    #expect(message { try load(header + "a.wav,1,1,2,x\nb.wav,1,1,oops,y\n") } == "data.csv:3: column 'f2' holds 'oops', not a finite number")
    #expect(message { try load(header + "a.wav,1,1,2,x\nb.wav,1,1,y\n") } == "data.csv:3: 4 fields where the header has 5")
    #expect(message { try load(header + "a.wav,1,,2,x\n") }.contains("data.csv:2: column 'f1' holds an empty field"))
    #expect(message { try load(header + "a.wav,1,nan,2,x\n") }.contains("not a finite number"))
    #expect(message { try load(header + "a.wav,1,1,2,\n") } == "data.csv:2: empty label")
    #expect(message { try load("filename,f1\na.wav,1\n") } == "data.csv: missing column 'label'")
    #expect(message { try load("") }.contains("empty"))
    #expect(message { try load(header + "\"a.wav,1,1,2,x\n") }.contains("data.csv:2: malformed CSV: a quoted field is never closed"))
    #expect(message { try load("f,f,label\n1,2,x\n") }.contains("column 'f' appears more than once"))
    #expect(message { try Dataset.loadCSV(URL(fileURLWithPath: "/no/such/file.csv")) }.contains("/no/such/file.csv: cannot read"))
}

@Test func groupsStripSegmentNumbers() {
    #expect(Dataset.group(ofName: "blues.00000.3.wav") == "blues.00000")
    #expect(Dataset.group(ofName: "blues.00000.wav") == "blues.00000")
    #expect(Dataset.group(ofName: "blues.00000.12.wav") == "blues.00000")
    #expect(Dataset.group(ofName: "my song.wav") == "my song")
    #expect(Dataset.group(ofName: "a.b.mp3") == "a.b")
    #expect(Dataset.group(ofName: "noext") == "noext")
}

@Test func subsetAndMergeRemapClasses() throws {
    let gtzanLike = try Dataset(names: ["r.wav", "b.wav", "j.wav"], featureNames: ["f", "g"],
                                x: Matrix([[1, 2], [3, 4], [5, 6]]), labels: [2, 0, 1], classes: ["blues", "jazz", "rock"])
    let sub = gtzanLike.subset([2, 0])
    #expect(sub.names == ["j.wav", "r.wav"])
    #expect(sub.labels == [1, 2])
    #expect(sub.classes == gtzanLike.classes)
    #expect(sub.x.rowArrays == [[5, 6], [1, 2]])
    // The user's genre, with its columns in another order.
    let mine = try Dataset(names: ["m1.wav", "m2.wav"], featureNames: ["g", "f"], x: Matrix([[20, 10], [40, 30]]),
                           labels: [1, 0], classes: ["chiptune", "rock"])
    let merged = try gtzanLike.merging(mine)
    #expect(merged.classes == ["blues", "chiptune", "jazz", "rock"])
    #expect(merged.labels == [3, 0, 2, 3, 1])
    #expect(merged.names == ["r.wav", "b.wav", "j.wav", "m1.wav", "m2.wav"])
    #expect(merged.x.rowArrays == [[1, 2], [3, 4], [5, 6], [10, 20], [30, 40]])
    let lacking = try Dataset(names: ["m.wav"], featureNames: ["f"], x: Matrix([[1]]), labels: [0], classes: ["x"])
    #expect(throws: DatasetError.missingColumn(file: "the dataset being merged", column: "g")) { try gtzanLike.merging(lacking) }
    #expect(throws: DatasetError.self) {
        try Dataset(names: ["a"], featureNames: ["f"], x: Matrix([[1]]), labels: [1], classes: ["x"])
    }
}

@Test func loadsTheKaggle30SecondCSV() throws {
    guard SelectionTestData.gtzanAvailable else { print(SelectionTestData.skip); return }
    let d = try Dataset.loadCSV(SelectionTestData.gtzan.appendingPathComponent("features_30_sec.csv"))
    #expect(d.count == 1000)
    #expect(d.featureNames.count == 57)
    #expect(d.featureNames.first == "chroma_stft_mean" && d.featureNames.last == "mfcc20_var")
    #expect(d.classes == ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"])
    #expect(d.classCounts == Array(repeating: 100, count: 10))
    // Values checked with Python's csv module.
    #expect(d.names[0] == "blues.00000.wav")
    #expect(d.x[0, 0] == 0.35008811950683594)
    #expect(d.x[0, 1] == 0.08875656872987747)
    #expect(d.names[999] == "rock.00099.wav" && d.labels[999] == 9)
    #expect(d.x[999, 56] == 49.66250991821289)
    #expect(Set(d.groups).count == 1000)
}

@Test func segmentCSVGroupsByRecording() throws {
    guard SelectionTestData.gtzanAvailable else { print(SelectionTestData.skip); return }
    let d = try Dataset.loadCSV(SelectionTestData.gtzan.appendingPathComponent("features_3_sec_classical_jazz_rock.csv"))
    #expect(d.count == 2996)
    #expect(d.classes == ["classical", "jazz", "rock"])
    #expect(Set(d.groups).count == 300)
    #expect(d.groups[0] == "classical.00000")
}
