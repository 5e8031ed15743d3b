/// Qualitative colours for categories (genres, classes) in charts and legends.
public enum Palette {
    /// matplotlib's `tab10` (the Tableau 10 colours), then the ten lighter companions from `tab20`, so 20 categories
    /// stay distinguishable before colours repeat. GTZAN's 10 genres use only the strong first ten.
    public static let categorical: [RGB] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
        0xAEC7E8, 0xFFBB78, 0x98DF8A, 0xFF9896, 0xC5B0D5, 0xC49C94, 0xF7B6D2, 0xC7C7C7, 0xDBDB8D, 0x9EDAE5,
    ].map { RGB(hex: $0) }

    /// The colour of category `index` (non-negative; cycles after 20).
    public static func color(_ index: Int) -> RGB {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }
}
