import Testing
@testable import Graphics
@Test func graphicsBuilds() {}
