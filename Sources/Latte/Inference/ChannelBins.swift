/// The radial channels a pair can touch, by centre species and distance bin (METHOD.md
/// section 4: "a pair only touches channels whose support contains r").
///
/// Channel u of centre species s lives on (c − w, c + w): outside it t = max(0, 1 − y²) is
/// exactly 0, so g and g′ are exactly 0 and skipping the channel changes nothing. Distances
/// [0, R_c) are cut into bins of about 0.1 Å; bin b lists every channel whose support meets
/// [b·δ, (b+1)·δ] (with a margin of 10⁻⁹ Å against rounding), grouped by rank in the order of
/// `TensorLayout.channels`, with its parameters packed side by side for vector loops:
///
///     centre c, 1/w, σ(s, s_j)/c² for each neighbour species s_j, tensor offset
///
/// Each list is padded to a multiple of 4 with channels of weight 0 (they give g = 0 and are
/// never accumulated: they lie past the last rank segment).
struct ChannelBins {
    let binCount: Int
    let inverseBinWidth: Double
    let speciesCount: Int
    let rankCount: Int
    /// Start and padded length of the list of (centre species s, bin b), at s·binCount + b.
    private(set) var starts: [Int] = []
    private(set) var lengths: [Int] = []
    /// End of rank p's segment within the list of (s, b), at (s·binCount + b)·rankCount + p;
    /// rank p's channels are [end(p−1), end(p)) relative to the list's start.
    private(set) var segmentEnds: [Int] = []
    private(set) var centers: [Double] = []
    private(set) var inverseWidths: [Double] = []
    /// σ/c² of neighbour species s_j at s_j·total + index.
    private(set) var weights: [Double] = []
    private(set) var offsets: [Int32] = []

    var total: Int { centers.count }

    init(_ parameters: PotentialParameters, layout: TensorLayout) {
        let cutoff = parameters.cutoff
        binCount = max(1, min(1024, Int((cutoff / 0.1).rounded(.up))))
        let width = cutoff / Double(binCount)
        inverseBinWidth = 1 / width
        speciesCount = parameters.species.count
        rankCount = layout.maxRank + 1
        let mode = parameters.speciesWeightMode
        var perNeighbour = [[Double]](repeating: [], count: speciesCount)
        for s in 0..<speciesCount {
            let row = mode.radialRow(centre: s)
            for b in 0..<binCount {
                let low = Double(b) * width - 1e-9, high = Double(b + 1) * width + 1e-9
                starts.append(centers.count)
                var count = 0
                for p in 0..<rankCount {
                    for channel in layout.channels where channel.rank == p {
                        let term = parameters.terms[channel.term]
                        let c = term.centers[row, channel.column], w = term.widths[row, channel.column]
                        guard c - w < high && c + w > low else { continue }
                        centers.append(c)
                        inverseWidths.append(1 / w)
                        for sj in 0..<speciesCount {
                            let sigma = term.speciesWeights[mode.weightRow(centre: s, neighbour: sj, speciesCount: speciesCount),
                                                            channel.column]
                            perNeighbour[sj].append(sigma / (c * c))
                        }
                        offsets.append(Int32(channel.offset))
                        count += 1
                    }
                    segmentEnds.append(count)
                }
                while count % 4 != 0 {
                    centers.append(1)
                    inverseWidths.append(0)
                    for sj in 0..<speciesCount { perNeighbour[sj].append(0) }
                    offsets.append(0)
                    count += 1
                }
                lengths.append(count)
            }
        }
        weights = perNeighbour.flatMap { $0 }
    }
}
