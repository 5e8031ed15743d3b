import Testing
import Learning
@testable import GenreKit

/// Novelty calibration on a tiny hand-checkable set: points on a line at 0, 1, 2, 3, 10.
@Suite struct ReferenceSetTests {
    let set = ReferenceSet(names: ["a", "b", "c", "d", "e"], labels: [0, 0, 1, 1, 1],
                           vectors: Matrix([[0], [1], [2], [3], [10]]), neighbourCount: 2)

    @Test func calibrationIsLeaveOneOutMeanNeighbourDistance() {
        // a: (1+2)/2 = 1.5; b: (1+1)/2 = 1; c: 1; d: (1+2)/2 = 1.5; e: (7+8)/2 = 7.5.
        #expect(set.calibration == [1, 1, 1.5, 1.5, 7.5])
        // 99th percentile by linear interpolation between 1.5 (index 3) and 7.5 (index 4) at 3.96.
        #expect(abs(set.unfamiliarDistance - (1.5 + 0.96 * 6)) < 1e-12)
    }

    @Test func percentileAndNearest() {
        #expect(set.percentile(ofDistance: 1.2) == 40)   // two of five calibration values are below
        #expect(set.percentile(ofDistance: 100) == 100)
        let n = set.nearest([2.2], count: 2)
        #expect(n.map(\.index) == [2, 3])
        #expect(abs(set.neighbourDistance([2.2]) - (0.2 + 0.8) / 2) < 1e-12)
    }
}
