import Testing
@testable import AudioIO
@Test func audioIOBuilds() {}
