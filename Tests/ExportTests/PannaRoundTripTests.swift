import Export
import Foundation
import Latte
import Linalg
import Testing

/// Export, then read back: the numbers are the float32 roundings of the originals, exactly, and
/// the files are laid out as docs/PANNA-EXPORT.md says.
@Suite struct PannaRoundTripTests {
    typealias Support = ExportTestSupport

    @Test(arguments: ExportTestSupport.exportable)
    func readsBackTheFloat32RoundingOfEveryNumber(name: String) throws {
        let original = try Support.potential(name)
        let read = try PannaLammpsImport.read(files: try PannaLammpsExport.files(for: original))

        #expect(read.species == original.species)
        #expect(read.cutoff == original.cutoff)
        #expect(read.shape == original.shape)
        #expect(read.speciesWeightMode == .specific)
        #expect(read.activation == .gaussian)
        #expect(read.networks.map(\.layerSizes) == original.networks.map(\.layerSizes))
        for (t, (back, term)) in zip(read.terms, original.terms).enumerated() {
            #expect(back.speciesWeights == Support.f32(term.speciesWeights), "term \(t) weights")
            #expect(back.centers == Support.f32(term.centers), "term \(t) centres")
            #expect(back.widths == Support.f32(term.widths), "term \(t) widths")
        }
        for (back, network) in zip(read.networks, original.networks) {
            #expect(back.offset == 0)
            for (l, (layer, source)) in zip(back.layers, network.layers).enumerated() {
                let isLast = l == network.layers.count - 1
                #expect(layer.weight == Support.f32(source.weight))
                #expect(layer.bias == source.bias.map { Support.f32($0 + (isLast ? network.offset : 0)) })
            }
        }
    }

    @Test func writesAFolderThatReadsBackLikeTheFilesInMemory() throws {
        let original = try Support.potential("full_cho")
        try Support.withTemporaryFolder { temporary in
            let folder = temporary + "/nested/potential"
            try PannaLammpsExport.write(original, to: folder)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["model.bin", "panna.in"])
            #expect(try PannaLammpsImport.read(folder: folder) == PannaLammpsImport.read(files: PannaLammpsExport.files(for: original)))

            // Writing again replaces the files and leaves other files alone.
            #expect(FileManager.default.createFile(atPath: folder + "/in.lammps", contents: Data("units metal\n".utf8)))
            try PannaLammpsExport.write(try Support.potential("full_si"), to: folder)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["in.lammps", "model.bin", "panna.in"])
            #expect(try PannaLammpsImport.read(folder: folder).species == ["Si"])
        }
    }

    /// model.bin holds Σ_t (S² + 2S)·n_t·m_t + Σ_l S·(a_l·a_{l−1} + a_l) float32 values.
    @Test(arguments: ExportTestSupport.exportable)
    func modelFileSizeMatchesTheDocumentedLayout(name: String) throws {
        let potential = try Support.potential(name)
        let files = try PannaLammpsExport.files(for: potential)
        #expect(files.map(\.name) == ["model.bin", "panna.in"])
        let s = potential.species.count
        var floats = 0
        for term in potential.shape.terms {
            floats += s * s * term.componentCount * term.bodyCount      // σ [S][S][U]
            floats += 2 * s * term.componentCount * term.bodyCount      // c, w [S][U]
        }
        let sizes = potential.networks[0].layerSizes
        for l in 1..<sizes.count { floats += s * (sizes[l] * sizes[l - 1] + sizes[l]) }
        #expect(files[0].bytes.count == 4 * floats)
    }

    /// The first numbers of model.bin are term 0's σ[0][0][0...] as little-endian float32, and
    /// the last is species S−1's last bias plus its offset.
    @Test func modelFileStartsAndEndsWhereTheLayoutSays() throws {
        let potential = try Support.potential("full_tial")
        let bytes = try PannaLammpsExport.files(for: potential)[0].bytes
        func float(at k: Int) -> Float {
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[4 * k + $1]) << (8 * $1) })
        }
        let first = potential.terms[0].speciesWeights
        #expect((0..<first.cols).map { float(at: $0) } == (0..<first.cols).map { Float(first[0, $0]) })
        let last = potential.networks[1]
        #expect(float(at: bytes.count / 4 - 1) == Float(last.layers.last!.bias[0, 0] + last.offset))
    }

    @Test func parameterFileIsWhatThePluginReads() throws {
        let files = try PannaLammpsExport.files(for: try Support.potential("full_tial"))
        let text = String(decoding: files[1].bytes, as: UTF8.self)
        #expect(text == """
            # PANNA pair_style latte parameters written by Latte (layout: docs/PANNA-EXPORT.md)
            # species offsets (eV), included in the last-layer biases of model.bin: Ti -1.0, Al -2.0
            species=2,Ti,Al
            model=MLP
            architecture=4,19,8,4,1
            activation=0
            model_file=model.bin
            cont_sp=0
            descriptor=LATTE
            cutoff=4.5
            descriptor_shape=7:4,0,1:3,1,2[1(0,),1(0,),]:3,2,2[2(0,1,),2(0,1,),]:3,3,2[3(0,1,2,),3(0,1,2,),]:\
            2,2,3[1(0,),1(1,),2(0,1,),]:2,3,3[2(0,1,),2(1,2,),2(2,0,),]:2,2,4[1(0,),1(0,),1(1,),1(1,),]
            format=0

            """)
    }

    /// Letters are numbered alphabetically on export and named i, j, k, ... on reading: the
    /// contraction survives any lettering.
    @Test func otherLettersReadBackRenamedWithTheSameContraction() throws {
        var potential = try Support.potential("full_si")
        potential.shape = try DescriptorShape("4,-:3,b,b:3,yx,xy:3,zab,abz:2,q,p,qp:2,ca,ab,bc:2,u,u,e,e")
        let read = try PannaLammpsImport.read(files: try PannaLammpsExport.files(for: potential))
        #expect(read.shape == (try DescriptorShape("4,-:3,i,i:3,ji,ij:3,kij,ijk:2,j,i,ji:2,ki,ij,jk:2,j,j,i,i")))
    }

    /// PANNA's exporter writes `sigma=` and no widths when widths were not learned.
    @Test func readsAFixedSigmaInsteadOfWidthsInTheBinary() throws {
        let potential = try Support.potential("full_si")
        let files = try PannaLammpsExport.files(for: potential)
        var values = files[0].bytes
        var at = 0
        for term in potential.terms {
            at += 4 * (term.speciesWeights.count + term.centers.count)
            values.removeSubrange(at..<(at + 4 * term.widths.count))
        }
        let text = String(decoding: files[1].bytes, as: UTF8.self) + "sigma=0.7\n"
        let read = try PannaLammpsImport.read(files: [("model.bin", values), ("panna.in", Array(text.utf8))])
        #expect(read.terms.allSatisfy { $0.widths.storage.allSatisfy { $0 == Double(Float(0.7)) } })
        #expect(read.terms.map(\.centers) == potential.terms.map { Support.f32($0.centers) })
        #expect(read.networks.map(\.layers) == (try PannaLammpsImport.read(files: files)).networks.map(\.layers))
    }
}
