/// A chemical element, identified by its atomic number Z = 1...118.
///
/// Only real elements exist here: there is no dummy `X`, so an unknown symbol in a file is an
/// error rather than a silent placeholder.
public struct Element: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Z, in 1...118.
    public let atomicNumber: Int

    /// The element with this atomic number, or nil outside 1...118.
    public init?(atomicNumber: Int) {
        guard (1...Element.symbols.count).contains(atomicNumber) else { return nil }
        self.atomicNumber = atomicNumber
    }

    /// The element with this symbol, spelt as IUPAC spells it (`"Si"`, not `"SI"` or `"si"`),
    /// or nil when no element has it.
    public init?(symbol: String) {
        let bytes = Array(symbol.utf8)
        guard !bytes.isEmpty else { return nil }
        guard let z = bytes.withUnsafeBufferPointer({ buffer in
            Element.atomicNumber(ofSymbol: buffer.baseAddress!, count: buffer.count,
                                 normalisingCase: false)
        }) else { return nil }
        self.atomicNumber = z
    }

    /// The IUPAC symbol, e.g. `"Si"`.
    public var symbol: String { Element.symbols[atomicNumber - 1] }

    public var description: String { symbol }

    public static func < (lhs: Element, rhs: Element) -> Bool { lhs.atomicNumber < rhs.atomicNumber }

    /// Symbols of Z = 1...118, in order.
    public static let symbols: [String] = [
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
        "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
        "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
        "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf",
        "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
        "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs",
        "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
    ]

    /// Z of the one- or two-letter ASCII symbol in `count` bytes at `pointer`, or nil.
    ///
    /// With `normalisingCase`, the case is first normalised the way ASE does for extxyz
    /// (first letter upper case, the rest lower case: `"SI"` and `"si"` mean Si).
    @inline(__always)
    static func atomicNumber(
        ofSymbol pointer: UnsafePointer<UInt8>, count: Int, normalisingCase: Bool
    ) -> Int? {
        guard count == 1 || count == 2 else { return nil }
        var first = pointer[0]
        var second: UInt8 = count == 2 ? pointer[1] : 0
        if normalisingCase {
            if first >= 0x61 && first <= 0x7A { first -= 0x20 }
            if second >= 0x41 && second <= 0x5A { second += 0x20 }
        }
        guard first >= 0x41 && first <= 0x5A else { return nil }
        let column: Int
        if count == 1 {
            column = 0
        } else {
            guard second >= 0x61 && second <= 0x7A else { return nil }
            column = Int(second - 0x61) + 1
        }
        let z = lookup[Int(first - 0x41) * 27 + column]
        return z == 0 ? nil : Int(z)
    }

    /// Z indexed by (first letter A...Z) * 27 + (0 for no second letter, else 1 + a...z); 0 when
    /// no element has that symbol.
    private static let lookup: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 26 * 27)
        for (index, symbol) in symbols.enumerated() {
            let bytes = Array(symbol.utf8)
            let column = bytes.count == 1 ? 0 : Int(bytes[1] - 0x61) + 1
            table[Int(bytes[0] - 0x41) * 27 + column] = UInt8(index + 1)
        }
        return table
    }()
}
