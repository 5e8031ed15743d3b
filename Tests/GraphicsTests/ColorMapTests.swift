import Testing
@testable import Graphics

// matplotlib 3.11.2: colors.to_hex(matplotlib.colormaps[name](t)) for these t.
private let expectations: [(ColorMap, Double, UInt32)] = [
    (.viridis, 0, 0x440154), (.viridis, 0.25, 0x3B528B), (.viridis, 0.5, 0x21918C), (.viridis, 0.75, 0x5EC962),
    (.viridis, 1, 0xFDE725), (.viridis, 0.1234, 0x472C7A),
    (.magma, 0, 0x000004), (.magma, 0.25, 0x51127C), (.magma, 0.5, 0xB73779), (.magma, 0.75, 0xFC8961),
    (.magma, 1, 0xFCFDBF), (.magma, 0.1234, 0x1C1044),
]

@Test func colorMapsMatchMatplotlib() {
    for (map, t, hex) in expectations {
        let (r, g, b) = map.color(at: t)
        #expect(RGB(r, g, b) == RGB(hex: hex), "\(map.name)(\(t))")
    }
}

@Test func colorMapClampsOutOfRangeAndNaN() {
    #expect(ColorMap.viridis.rgb(at: -3) == RGB(hex: 0x440154))
    #expect(ColorMap.viridis.rgb(at: .nan) == RGB(hex: 0x440154))
    #expect(ColorMap.viridis.rgb(at: 7) == RGB(hex: 0xFDE725))
    #expect(ColorMap.magma.rgb(at: .infinity) == RGB(hex: 0xFCFDBF))
}

@Test func heatmapPlacesRowsAndClamps() throws {
    // 2 rows x 3 columns; row 0 low values. Flipped: row 0 at the bottom.
    let values: [Float] = [-100, -40, 0, 0, 0, 5]
    let image = try heatmapImage(values: values, rows: 2, columns: 3, range: -80...0, colorMap: .viridis,
                                 flipVertically: true)
    #expect(image.width == 3 && image.height == 2)
    #expect(image.pixel(x: 0, y: 1) == RGB(hex: 0x440154))  // -100 clamps to the low end
    #expect(image.pixel(x: 1, y: 1) == RGB(hex: 0x21918C))  // -40 is t = 0.5
    #expect(image.pixel(x: 2, y: 0) == RGB(hex: 0xFDE725))  // 5 clamps to the high end
    let unflipped = try heatmapImage(values: values.map(Double.init), rows: 2, columns: 3, range: -80...0,
                                     colorMap: .viridis, flipVertically: false)
    #expect(unflipped.pixel(x: 1, y: 0) == RGB(hex: 0x21918C))
}

@Test func heatmapRejectsBadShapes() {
    #expect(throws: GraphicsError.self) {
        try heatmapImage(values: [1.0, 2, 3], rows: 2, columns: 2, range: 0...1, colorMap: .magma, flipVertically: false)
    }
    #expect(throws: GraphicsError.self) {
        try heatmapImage(values: [Double](), rows: 0, columns: 5, range: 0...1, colorMap: .magma, flipVertically: false)
    }
    #expect(throws: GraphicsError.self) {
        try heatmapImage(values: [1.0], rows: 1, columns: 1, range: 0...Double.infinity, colorMap: .magma,
                         flipVertically: false)
    }
}
