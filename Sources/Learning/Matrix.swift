/// A dense row-major matrix of Doubles: the feature matrix of the learning library
/// (one row per sample, one column per feature), and class-probability outputs.
public struct Matrix: Sendable, Equatable, Codable {
    public private(set) var rows: Int
    public private(set) var columns: Int
    /// Row-major storage: element (r, c) is `values[r * columns + c]`.
    public var values: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        self.values = Array(repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "Matrix: \(values.count) values for \(rows)x\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    private enum CodingKeys: String, CodingKey { case rows, columns, precision, values }

    /// Decodes `{"rows", "columns", "values"}`, refusing a matrix whose values do not fill it
    /// exactly (every method indexes `values` by `rows` and `columns`, some without bounds checks).
    /// With `"precision": "single"` the values are Floats (see `encode(to:)`), widened exactly.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows), columns = try container.decode(Int.self, forKey: .columns)
        let values: [Double]
        switch try container.decodeIfPresent(String.self, forKey: .precision) {
        case nil, "double": values = try container.decode([Double].self, forKey: .values)
        case "single": values = try container.decode([Float].self, forKey: .values).map { Double($0) }
        case let other?:
            throw DecodingError.dataCorruptedError(forKey: .precision, in: container,
                                                   debugDescription: "unknown matrix precision \(other)")
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, count == values.count else {
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath,
                                                    debugDescription: "a \(rows)x\(columns) matrix with \(values.count) values"))
        }
        self.init(rows: rows, columns: columns, values: values)
    }

    /// Writes `{"rows", "columns", "values"}`. When every value is a Float widened to Double (a
    /// model's rows kept at `StoredPrecision.single`), the values are written as Floats, in
    /// Float's shortest round-tripping form, under `"precision": "single"`: the same values in
    /// about half the digits. Any other matrix is written in full, so encoding never loses a bit.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(columns, forKey: .columns)
        if !values.isEmpty, isExactlySinglePrecision {
            try container.encode("single", forKey: .precision)
            try container.encode(values.map { Float($0) }, forKey: .values)
        } else {
            try container.encode(values, forKey: .values)
        }
    }

    /// Builds a matrix from equally long rows. An empty array gives a 0 x 0 matrix.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "Matrix: ragged rows")
        self.init(rows: rowArrays.count, columns: columns, values: rowArrays.flatMap { $0 })
    }

    @inlinable public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// Row `r` as a slice of the storage (no copy).
    @inlinable public func row(_ r: Int) -> ArraySlice<Double> {
        values[(r * columns)..<((r + 1) * columns)]
    }

    /// Column `c` as a new array.
    public func column(_ c: Int) -> [Double] {
        (0..<rows).map { values[$0 * columns + c] }
    }

    /// The rows at `indices`, in that order (repeats allowed, as in a bootstrap sample).
    public func selectingRows<C: Collection>(_ indices: C) -> Matrix where C.Element == Int {
        var out: [Double] = []
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: row(r)) }
        return Matrix(rows: indices.count, columns: columns, values: out)
    }

    /// The columns at `indices`, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var out: [Double] = []
        out.reserveCapacity(rows * indices.count)
        for r in 0..<rows { for c in indices { out.append(values[r * columns + c]) } }
        return Matrix(rows: rows, columns: indices.count, values: out)
    }

    /// Rows of `self` followed by the rows of `other` (same column count).
    public func appendingRows(_ other: Matrix) -> Matrix {
        precondition(other.columns == columns || rows == 0, "Matrix: column mismatch")
        return Matrix(rows: rows + other.rows, columns: other.columns, values: values + other.values)
    }

    /// The mean of each column (each value divided by the row count as it is added).
    public func columnMeans() -> [Double] {
        var mean = [Double](repeating: 0, count: columns)
        for r in 0..<rows { for c in 0..<columns { mean[c] += self[r, c] / Double(rows) } }
        return mean
    }

    /// Row arrays, for printing and tests.
    public var rowArrays: [[Double]] { (0..<rows).map { Array(row($0)) } }
}
