import TestSupport
import Foundation
@testable import Learning

/// The published GTZAN features (../shared/gtzan/features_30_sec.csv: 1000 clips, 57 features,
/// 10 genres), standardised column-wise; nil when the shared folder is absent (fresh clone).
enum GTZANFeatures {
    static let path = GTZAN.root.appendingPathComponent("features_30_sec.csv")

    static let table: (x: Matrix, labels: [Int])? = {
        guard let text = try? String(contentsOf: path, encoding: .utf8) else { return nil }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { return nil }
        lines.removeFirst()
        var genres: [String] = [], rows: [[Double]] = [], labels: [Int] = []
        for line in lines {
            let cells = line.split(separator: ",").map(String.init)
            guard cells.count == 60 else { continue }
            let genre = cells[59]
            if !genres.contains(genre) { genres.append(genre) }
            labels.append(genres.firstIndex(of: genre)!)
            rows.append(cells[2..<59].compactMap(Double.init))
        }
        var x = Matrix(rows)
        for c in 0..<x.columns {
            let col = x.column(c)
            let mean = col.reduce(0, +) / Double(col.count)
            let sd = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(col.count)).squareRoot()
            for r in 0..<x.rows { x[r, c] = (x[r, c] - mean) / (sd > 0 ? sd : 1) }
        }
        return (x, labels)
    }()

    /// A fixed 80/20 split: every fifth row is held out.
    static func split() -> (train: Matrix, trainLabels: [Int], test: Matrix, testLabels: [Int])? {
        guard let (x, y) = table else { return nil }
        let testRows = (0..<x.rows).filter { $0 % 5 == 0 }, trainRows = (0..<x.rows).filter { $0 % 5 != 0 }
        return (x.selectingRows(trainRows), trainRows.map { y[$0] }, x.selectingRows(testRows), testRows.map { y[$0] })
    }
}
