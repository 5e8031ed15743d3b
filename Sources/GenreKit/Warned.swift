/// A value together with the warnings its file raised: audio salvaged from a damaged file,
/// metadata that could not be read, a recording condition outside what the model was trained on.
/// Warnings never stop the analysis; `--strict` (`BatchOptions.strict`) turns them into errors.
public struct Warned<Value: Sendable>: Sendable {
    public var value: Value
    /// Plain sentences without the file name, in the order they arose.
    public var warnings: [String]

    public init(_ value: Value, warnings: [String] = []) {
        self.value = value
        self.warnings = warnings
    }
}

/// A warning about one file: `file: message`, as printed on stderr.
public typealias FileWarning = FileProblem
