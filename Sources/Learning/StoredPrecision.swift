/// The precision a fitted model keeps the training rows it stores (k-NN's rows, an SVM's
/// support vectors): a plain hyper-parameter with no scikit-learn counterpart.
///
/// `.double` (every model's default) keeps them exactly, as scikit-learn does. `.single` rounds
/// them to the nearest Float when the model is fitted; the model then predicts from the rounded
/// rows, in memory and after a save and load alike, and a model file stores each of their values
/// in Float's shortest decimal form (about 9 digits instead of 17; `Matrix`'s encoding). A
/// standardised feature rounded to Float moves by at most 6e-8 of its value. For the default
/// model that moved no probability by more than 2.4e-5 on 82 recordings, and its file shrank
/// from 9.0 to 5.9 MB (bench/README.md, "Model size").
public enum StoredPrecision: String, Sendable, Codable, CaseIterable {
    case double, single

    /// `rows` as this precision keeps them.
    public func stored(_ rows: Matrix) -> Matrix {
        switch self {
        case .double: return rows
        case .single: return rows.roundedToSinglePrecision()
        }
    }
}

extension Matrix {
    /// Every value rounded to the nearest Float (round-to-nearest-even) and widened back.
    public func roundedToSinglePrecision() -> Matrix {
        Matrix(rows: rows, columns: columns, values: values.map { Double(Float($0)) })
    }

    /// Whether every value is a Float widened to Double, so that writing the values as Floats
    /// loses nothing. NaN is never counted as one (it does not compare equal to itself).
    var isExactlySinglePrecision: Bool {
        values.allSatisfy { Double(Float($0)) == $0 }
    }
}
