import JSON
import Linalg
import Testing
import Training

@Suite struct ExponentialMovingAverageTests {
    @Test func warmupDecaySequence() {
        var average = ExponentialMovingAverage([Matrix([[0]])], decay: 0.99)
        var decays: [Double] = []
        for _ in 0..<1000 {
            decays.append(average.nextDecay)
            average.update(with: [Matrix([[1]])])
        }
        let warmup: [Double] = [1.0 / 10, 2.0 / 11, 3.0 / 12, 4.0 / 13]
        #expect(Array(decays.prefix(4)) == warmup)
        // (1 + n)/(10 + n) < 0.99 while n < 890.
        #expect(decays[889] == 890.0 / 899)
        #expect(decays[889] < 0.99)
        #expect(decays[891] == 0.99 && decays[999] == 0.99)
        #expect(average.updates == 1000)
        #expect(ExponentialMovingAverage.decay(0.5, afterUpdates: 0) == 0.1)
        #expect(ExponentialMovingAverage.decay(0.5, afterUpdates: 8) == 0.5)
    }

    @Test func firstUpdatesFollowTheFormula() {
        let initial = [Matrix([[10, -10]]), Matrix([[4]])]
        var average = ExponentialMovingAverage(initial, decay: 0.999)
        average.update(with: [Matrix([[0, 0]]), Matrix([[2]])])
        let first: [Matrix] = [Matrix([[0.1 * 10, 0.1 * -10]]), Matrix([[0.1 * 4 + 0.9 * 2]])]
        #expect(average.values == first)
        average.update(with: [Matrix([[1, 1]]), Matrix([[2]])])
        let d = 2.0 / 11
        #expect(isClose(average.values[0].storage[0], d * 1 + (1 - d) * 1))
        #expect(isClose(average.values[1].storage[0], d * (0.4 + 1.8) + (1 - d) * 2))
    }

    @Test func convergesToAConstantInput() {
        var generator = SeededGenerator(seed: 5)
        let initial = [randomMatrix(3, 3, &generator, scale: 10)]
        let target = [randomMatrix(3, 3, &generator)]
        var average = ExponentialMovingAverage(initial, decay: 0.99)
        var remaining = 1.0  // Π d_n: the weight the initial values keep
        for n in 0..<2000 {
            remaining *= average.nextDecay
            average.update(with: target)
            guard n < 30 else { continue }
            for k in 0..<9 {
                let expected = target[0].storage[k] + remaining * (initial[0].storage[k] - target[0].storage[k])
                #expect(isClose(average.values[0].storage[k], expected, tolerance: 1e-12), "update \(n), element \(k)")
            }
        }
        for k in 0..<9 {
            #expect(abs(average.values[0].storage[k] - target[0].storage[k]) < 1e-8)
        }
    }

    @Test func checkpointRoundTripIsBitIdentical() throws {
        var generator = SeededGenerator(seed: 9)
        var average = ExponentialMovingAverage([randomMatrix(2, 3, &generator), Matrix([[-0.0, .leastNonzeroMagnitude]])], decay: 0.995)
        for _ in 0..<7 { average.update(with: [randomMatrix(2, 3, &generator), Matrix([[-0.0, .leastNonzeroMagnitude]])]) }
        let decoded = try ExponentialMovingAverage(json: throughText(average.jsonValue),
                                                   shapes: average.values.map(\.shape), decay: 0.995)
        #expect(decoded.updates == 7)
        #expect(bitsEqual(decoded.values, average.values))
        #expect(decoded.values[1].storage[0].sign == .minus)
        #expect(decoded.nextDecay == average.nextDecay)
    }

    @Test func checkpointErrorsNameTheField() {
        let good = ExponentialMovingAverage([Matrix([[1, 2]])], decay: 0.9).jsonValue
        func field(_ value: JSONValue, shapes: [Shape] = [Shape(1, 2)]) -> String? {
            do {
                _ = try ExponentialMovingAverage(json: JSONField(value: value, path: "ema", file: "c.json"), shapes: shapes, decay: 0.9)
                return nil
            } catch {
                return (error as? JSONFileError)?.field
            }
        }
        #expect(field(good) == nil)
        #expect(field(good, shapes: [Shape(2, 1)]) == "ema.values[0]")
        #expect(field(replacing(good, at: ["updates"], with: .number(-2))) == "ema.updates")
        #expect(field(replacing(good, at: ["values", "0", "0", "1"], with: .null)) == "ema.values[0][0][1]")
    }
}
