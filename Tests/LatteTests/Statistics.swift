/// Sample statistics for checking random draws.
func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

func standardDeviation(_ values: [Double]) -> Double {
    let m = mean(values)
    return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot()
}
