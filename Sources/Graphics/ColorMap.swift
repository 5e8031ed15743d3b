/// A 256-entry colour map, as matplotlib's `ListedColormap` with N = 256.
public struct ColorMap: Sendable, Equatable {
    /// A short name for captions ("viridis").
    public let name: String
    /// 0xRRGGBB entries, low values first.
    private let table: [UInt32]

    /// matplotlib's perceptually uniform `viridis` (van der Walt & Smith, 2015), entry for entry.
    public static let viridis = ColorMap(name: "viridis", table: viridisTable)
    /// matplotlib's `magma`: black through purple and orange to pale yellow; the usual spectrogram map.
    public static let magma = ColorMap(name: "magma", table: magmaTable)

    /// The colour for `t` in 0...1, picked as matplotlib's `Colormap.__call__` does for floats: index
    /// `floor(t * 256)`, with 1.0 mapped to the last entry and values outside 0...1 clamped to the end colours
    /// (matplotlib's default under/over colours). NaN gives the lowest colour (matplotlib would use its transparent
    /// "bad" colour, which an RGB image cannot show).
    public func color(at t: Double) -> (UInt8, UInt8, UInt8) {
        let c = rgb(at: t)
        return (c.r, c.g, c.b)
    }

    /// `color(at:)` as an `RGB`.
    public func rgb(at t: Double) -> RGB {
        RGB(hex: table[index(for: t)])
    }

    /// Entry `i` (clamped to 0...255).
    public func rgb(index i: Int) -> RGB {
        RGB(hex: table[min(max(i, 0), table.count - 1)])
    }

    @inline(__always) func index(for t: Double) -> Int {
        guard t > 0 else { return 0 }  // also NaN
        guard t < 1 else { return table.count - 1 }
        return min(Int(t * Double(table.count)), table.count - 1)
    }
}
