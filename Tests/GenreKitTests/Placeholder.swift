import Testing
@testable import GenreKit
@Test func genreKitBuilds() {}
