/// The projection applied after every optimiser step (METHOD.md section 6), which keeps every
/// radial channel's support [c − w, c + w] inside (0, R_c] without a cutoff function.
extension PotentialParameters {
    /// One channel's projection, in the method's order: first the centre is clipped to
    /// [w, R_c − w] with the channel's current width w, then a learned width is clipped to
    /// [w_min, w_max] (a fixed width is left alone).
    ///
    /// Clipping is min(max(c, w), R_c − w): when 2w > R_c the interval is empty and the centre
    /// becomes R_c − w, as NumPy's `clip` does. Initialisation requires 2·w_max ≤ R_c, so that
    /// case only arises from widths that were set by hand.
    @inlinable
    public static func projectedChannel(center: Double, width: Double, cutoff: Double,
                                        widths policy: WidthPolicy) -> (center: Double, width: Double) {
        let center = min(max(center, width), cutoff - width)
        guard case .learned(let minimum, let maximum) = policy else { return (center, width) }
        return (center, min(max(width, minimum), maximum))
    }

    /// Projects every channel of every term in place (see `projectedChannel`).
    public mutating func project(widths policy: WidthPolicy) {
        let cutoff = self.cutoff
        for t in terms.indices {
            var centers = terms[t].centers
            var widths = terms[t].widths
            for k in centers.storage.indices {
                let projected = Self.projectedChannel(center: centers.storage[k], width: widths.storage[k],
                                                      cutoff: cutoff, widths: policy)
                centers.storage[k] = projected.center
                widths.storage[k] = projected.width
            }
            terms[t].centers = centers
            terms[t].widths = widths
        }
    }

    /// A copy with every channel projected (see `projectedChannel`).
    public func projected(widths policy: WidthPolicy) -> PotentialParameters {
        var copy = self
        copy.project(widths: policy)
        return copy
    }
}
