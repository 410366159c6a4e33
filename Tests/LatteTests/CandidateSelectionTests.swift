import Latte
import Testing

@Suite struct CandidateSelectionTests {
    @Test func takesTheMostUncertainFramesInRangeKeepingThemApart() {
        //               0    1    2    3    4    5    6    7    8    9
        let sigma = [0.01, 0.30, 0.31, 0.05, 0.90, 0.20, 0.02, 0.25, 5.00, 0.04]
        let selection = CandidateSelection(deviations: sigma, count: 3, lower: 0.1, upper: 1.0, separation: 2)
        // 4 (0.90), then 2 (0.31; 1 and 3 lie next to chosen frames or below), then 7 (0.25).
        #expect(selection.chosen == [2, 4, 7])
        #expect(selection.below == 4 && selection.eligible == 5 && selection.above == 1)
    }

    @Test func separationOneAllowsNeighboursAndTiesKeepTrajectoryOrder() {
        let sigma = [0.5, 0.5, 0.5, 0.1]
        #expect(CandidateSelection(deviations: sigma, count: 2, lower: 0, upper: 1, separation: 1).chosen == [0, 1])
        #expect(CandidateSelection(deviations: sigma, count: 2, lower: 0, upper: 1, separation: 3).chosen == [0, 3])
    }

    @Test func fewerFramesThanAskedWhenTheRangeHoldsFewer() {
        let selection = CandidateSelection(deviations: [0.1, 2, 3], count: 5, lower: 1, upper: 2.5, separation: 1)
        #expect(selection.chosen == [1])
        #expect(CandidateSelection.defaultSeparation(candidates: 1000, count: 10) == 50)
        #expect(CandidateSelection.defaultSeparation(candidates: 3, count: 10) == 1)
    }

    @Test func spearmanRanksWithTies() throws {
        #expect(RankCorrelation.ranks([3, 1, 2, 1]) == [4, 1.5, 3, 1.5])
        let rising = (0..<6).map { (deviation: Double($0), error: Double($0 * $0)) }
        #expect(RankCorrelation.spearman(rising) == 1)
        let falling = rising.map { (deviation: $0.deviation, error: -$0.error) }
        #expect(try #require(RankCorrelation.spearman(falling)) == -1)
        // ρ = 1 − 6 Σ d² / (n (n² − 1)) without ties: ranks (1,2,3,4) against (2,1,4,3): Σ d² = 4.
        let swapped = zip([1.0, 2, 3, 4], [2.0, 1, 4, 3]).map { (deviation: $0, error: $1) }
        #expect(abs(try #require(RankCorrelation.spearman(swapped)) - 0.6) < 1e-15)
        #expect(RankCorrelation.spearman(Array(rising.prefix(2))) == nil)
        #expect(RankCorrelation.spearman(rising.map { (deviation: 1, error: $0.error) }) == nil)
    }
}
