import Testing
@testable import Learning

/// Ledoit–Wolf shrinkage against scikit-learn's `ledoit_wolf` (values from
/// bench/novelty/reference_values.py, scikit-learn 1.9).
@Suite struct LedoitWolfTests {
    let a = Matrix([[1.0, 2.0, 0.5], [0.3, -1.0, 2.2], [2.5, 0.1, -0.7], [-1.2, 1.7, 0.9], [0.8, 0.4, 1.1], [1.9, -0.6, 0.2]])

    @Test func matchesScikitLearn() {
        let (covariance, shrinkage) = LedoitWolf.covariance(a)
        #expect(abs(shrinkage - 0.8883715172421562) < 1e-12)
        let expected = [1.159260701698392, -0.05965922245169205, -0.07665155816038603, -0.05965922245169205, 1.1396326934801377,
                        -0.023069886436621053, -0.07665155816038603, -0.023069886436621053, 1.0913843825992475]
        for (got, want) in zip(covariance, expected) { #expect(abs(got - want) < 1e-12, "\(covariance)") }
    }

    @Test func assumeCenteredClampsTheShrinkageAtOne() {
        // Uncentred, the estimated β exceeds δ here, so scikit-learn shrinks all the way to μI.
        let (covariance, shrinkage) = LedoitWolf.covariance(a, assumeCentered: true)
        #expect(shrinkage == 1)
        for i in 0..<3 { for j in 0..<3 { #expect(abs(covariance[i * 3 + j] - (i == j ? 1.6161111111111108 : 0)) < 1e-12) } }
    }
}
