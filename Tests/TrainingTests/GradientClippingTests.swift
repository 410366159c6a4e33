import Linalg
import Testing
import Training

@Suite struct GradientClippingTests {
    static let gradients = [Matrix([[3, 4]]), Matrix([[12]]), Matrix(rows: 0, cols: 2)]

    @Test func scalesDownToTheLimitKeepingTheDirection() {
        var clipped = Self.gradients
        let norm = GradientClipping.clipGlobalNorm(&clipped, maxNorm: 6.5)
        #expect(norm == 13)
        #expect(clipped == [Matrix([[1.5, 2]]), Matrix([[6]]), Matrix(rows: 0, cols: 2)])
        #expect(GradientClipping.globalNorm(clipped) == 6.5)
    }

    @Test func directionIsKeptForRandomGradients() {
        var generator = SeededGenerator(seed: 3)
        let original = [randomMatrix(4, 3, &generator), randomMatrix(1, 7, &generator)]
        var clipped = original
        let norm = GradientClipping.clipGlobalNorm(&clipped, maxNorm: 0.25)
        #expect(norm > 1)
        #expect(isClose(GradientClipping.globalNorm(clipped), 0.25))
        for (a, b) in zip(original.flatMap(\.storage), clipped.flatMap(\.storage)) {
            #expect(isClose(b, a * 0.25 / norm))
        }
    }

    @Test func leavesGradientsUnderOrAtTheLimitUntouched() {
        for limit in [13.0, 13.5, 1e9] {
            var same = Self.gradients
            #expect(GradientClipping.clipGlobalNorm(&same, maxNorm: limit) == 13)
            #expect(bitsEqual(same, Self.gradients))
        }
    }

    @Test func leavesNonFiniteGradientsForTheCallerToSkip() {
        var infinite = [Matrix([[1, .infinity]])]
        #expect(GradientClipping.clipGlobalNorm(&infinite, maxNorm: 1) == .infinity)
        #expect(infinite == [Matrix([[1, .infinity]])])
        var notANumber = [Matrix([[1, .nan]])]
        #expect(GradientClipping.clipGlobalNorm(&notANumber, maxNorm: 1).isNaN)
        #expect(notANumber[0].storage[0] == 1)
    }
}
