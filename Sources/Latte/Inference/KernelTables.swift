/// The descriptor's tables flattened into stable buffers for the inference kernels: the
/// channel bins (`ChannelBins`), the monomial rules and the contraction programs
/// (`TensorLayout`), with every index absolute so that inner loops only add and multiply.
final class KernelTables: @unchecked Sendable {
    let layout: TensorLayout
    let binCount: Int
    let inverseBinWidth: Double
    let speciesCount: Int
    let rankCount: Int
    /// Packed channels per (centre species, bin); see `ChannelBins`.
    let binStarts: KernelBuffer<Int>
    let binLengths: KernelBuffer<Int>
    let segmentEnds: KernelBuffer<Int>
    let binTotal: Int
    let centers: KernelBuffer<Double>
    let inverseWidths: KernelBuffer<Double>
    let weights: KernelBuffer<Double>
    let offsets: KernelBuffer<Int32>
    /// Longest padded channel list of any bin.
    let longestList: Int

    /// m[target] = m[source] · r̂[axis], in order (ranks ascending), after m[0] = 1.
    let ruleTargets: KernelBuffer<Int>
    let ruleSources: KernelBuffer<Int>
    let ruleAxes: KernelBuffer<Int>
    let ruleCount: Int
    /// ∂E/∂r̂[axis] += ∂E/∂m[entry] · count · m[child], over every rank ≥ 1, sorted by axis:
    /// axis a's terms are derivativeEnds[a − 1]..<derivativeEnds[a].
    let derivativeEntries: KernelBuffer<Int>
    let derivativeCounts: KernelBuffer<Double>
    let derivativeChildren: KernelBuffer<Int>
    let derivativeEnds: (Int, Int, Int)

    /// Per term: components, output offset, bodies, first stride, first product, products,
    /// and where its products' offsets start (product j's m offsets at offsetStart + j·m).
    struct TermProgram {
        let components: Int
        let output: Int
        let bodies: Int
        let strideStart: Int
        let productStart: Int
        let productCount: Int
        let offsetStart: Int
    }
    let terms: [TermProgram]
    let strides: KernelBuffer<Int>
    let productCounts: KernelBuffer<Double>
    let productOffsets: KernelBuffer<Int>

    init(_ parameters: PotentialParameters) {
        let layout = TensorLayout(shape: parameters.shape)
        self.layout = layout
        let bins = ChannelBins(parameters, layout: layout)
        binCount = bins.binCount
        inverseBinWidth = bins.inverseBinWidth
        speciesCount = bins.speciesCount
        rankCount = bins.rankCount
        binStarts = KernelBuffer(bins.starts, padding: 0)
        binLengths = KernelBuffer(bins.lengths, padding: 0)
        segmentEnds = KernelBuffer(bins.segmentEnds, padding: 0)
        binTotal = bins.total
        centers = KernelBuffer(bins.centers, padding: 1)
        inverseWidths = KernelBuffer(bins.inverseWidths, padding: 0)
        weights = KernelBuffer(bins.weights, padding: 0)
        offsets = KernelBuffer(bins.offsets, padding: 0)
        longestList = bins.lengths.max() ?? 0

        var targets: [Int] = [], sources: [Int] = [], axes: [Int] = []
        var derivatives: [(axis: Int, entry: Int, count: Double, child: Int)] = []
        for p in 1..<(layout.maxRank + 1) {
            let here = layout.monomialOffsets[p], below = layout.monomialOffsets[p - 1]
            for (e, rule) in layout.monomialRules[p].enumerated() {
                targets.append(here + e)
                sources.append(below + rule.parent)
                axes.append(rule.axis)
            }
            for d in layout.monomialDerivatives[p] {
                derivatives.append((d.axis, here + d.entry, d.count, below + d.child))
            }
        }
        ruleTargets = KernelBuffer(targets, padding: 0)
        ruleSources = KernelBuffer(sources, padding: 0)
        ruleAxes = KernelBuffer(axes, padding: 0)
        ruleCount = targets.count
        derivatives.sort { ($0.axis, $0.entry, $0.child) < ($1.axis, $1.entry, $1.child) }
        derivativeEntries = KernelBuffer(derivatives.map(\.entry), padding: 0)
        derivativeCounts = KernelBuffer(derivatives.map(\.count), padding: 0)
        derivativeChildren = KernelBuffer(derivatives.map(\.child), padding: 0)
        let ends = (0..<3).map { a in derivatives.filter { $0.axis <= a }.count }
        derivativeEnds = (ends[0], ends[1], ends[2])

        var programs: [TermProgram] = [], strides: [Int] = [], counts: [Double] = [], offsets: [Int] = []
        for contraction in layout.contractions {
            programs.append(TermProgram(components: contraction.components, output: contraction.output,
                                        bodies: contraction.strides.count, strideStart: strides.count,
                                        productStart: counts.count, productCount: contraction.products.count,
                                        offsetStart: offsets.count))
            strides += contraction.strides
            for product in contraction.products {
                counts.append(product.count)
                offsets += product.offsets
            }
        }
        terms = programs
        self.strides = KernelBuffer(strides, padding: 0)
        productCounts = KernelBuffer(counts, padding: 0)
        productOffsets = KernelBuffer(offsets, padding: 0)
    }

    var tensorLength: Int { layout.tensorLength }
    var descriptorLength: Int { layout.descriptorLength }
    var monomialLength: Int { layout.monomialLength }

    /// The bin of distance r (< R_c).
    @inline(__always)
    func bin(of r: Double) -> Int { min(Int(r * inverseBinWidth), binCount - 1) }
}
