import Training

@main
struct LatteTrain {
    static func main() {}
}
