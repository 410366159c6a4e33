import Foundation
import Testing

/// Every command line README.md shows, against the built tools, so that the README cannot
/// document a command or flag they refuse. Command lines are taken from code blocks and from
/// inline code, split at `&&`, and then, by rule:
///
/// - set-up, build and test lines (`sudo`, `apt-get`, `python3 -m venv`, `pip`, `swift build`,
///   `swift test`) and LAMMPS' own lines (`lmp`, `cd`, input-file lines) are skipped;
/// - `latte-*` lines that are templates (placeholders such as `CONFIG.json` or `DIR`, optional
///   `[...]` parts, `...`), mentions (no argument but flags, a bare tool name), benchmarks
///   (`latte-bench`, minutes of timing) or need LAMMPS (`--lammps`) are checked flag by flag:
///   every `--flag` must appear in the `--help` of the tool (or of its subcommand);
/// - the others are run (after `swift run -c release` is dropped) with the built tools, in a
///   folder that mirrors the repository (`datasets/` and `docs/` linked), with every training
///   config shortened to one epoch on a few structures, and must exit with status 0.
struct ReadmeCommandsTests {
    static let tools = ["latte-train", "latte-eval", "latte-select", "latte-export", "latte-plot", "latte-bench"]

    /// A command line of the README and where it was found.
    struct Line: CustomStringConvertible {
        let words: [String]
        var description: String { words.joined(separator: " ") }
    }

    /// The command lines of `readme`: indented code lines and inline code, split at `&&`.
    static func lines(of readme: String) -> [Line] {
        var texts = readme.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("    ") }.map { $0.trimmingCharacters(in: .whitespaces) }
        let prose = readme.replacingOccurrences(of: "\n", with: " ")
        var rest = prose[...]
        while let open = rest.firstIndex(of: "`") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "`") else { break }
            texts.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return texts.flatMap { $0.components(separatedBy: "&&") }.map { part in
            Line(words: part.replacingOccurrences(of: "\\|", with: "|").split(separator: " ").map(String.init))
        }.filter { !$0.words.isEmpty }
    }

    enum Treatment: Equatable {
        case skipped(String)
        case flagsChecked
        case run
    }

    /// What the test does with `line` (the rules above).
    static func treatment(of line: Line) -> Treatment {
        var words = line.words
        if words.starts(with: ["swift", "run", "-c", "release"]) { words.removeFirst(4) }
        if words.first == "mpiexec", words.count > 3, words[1] == "-n" { words.removeFirst(3) }
        guard let tool = words.first else { return .skipped("empty") }
        guard tools.contains(tool) else { return .skipped("not a Latte command: \(tool)") }
        let arguments = words.dropFirst()
        let isTemplate = arguments.contains { word in
            word.contains("[") || word.contains("...") || word.contains("|")
                || word.first.map { $0.isUppercase } == true
        }
        let isMention = arguments.allSatisfy { $0.hasPrefix("--") }
        if isTemplate || isMention || tool == "latte-bench" || arguments.contains("--lammps") { return .flagsChecked }
        return .run
    }

    /// `words` without `swift run -c release` and `mpiexec -n K`.
    static func command(_ line: Line) -> [String] {
        var words = line.words
        if words.starts(with: ["swift", "run", "-c", "release"]) { words.removeFirst(4) }
        if words.first == "mpiexec" { words.removeFirst(3) }
        return words
    }

    /// The flags of `words` (`[--lammps` → `--lammps`).
    static func flags(_ words: [String]) -> [String] {
        words.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]()|,")) }.filter { $0.hasPrefix("--") }
    }

    /// Whether `help` lists `flag` as a whole word.
    static func lists(_ help: String, _ flag: String) -> Bool {
        var rest = help[...]
        while let found = rest.range(of: flag) {
            let next = found.upperBound < rest.endIndex ? rest[found.upperBound] : " "
            if !(next.isLetter || next.isNumber || next == "-") { return true }
            rest = rest[found.upperBound...]
        }
        return false
    }

    /// A folder that looks like the repository to the README's commands: data and docs linked,
    /// and every config of `configs/` shortened (one epoch, a few structures, absolute data).
    static func mirror() throws -> URL {
        let repository = LatteEvalTests.repository
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-readme-\(UUID())")
        let configs = folder.appendingPathComponent("configs")
        try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
        for name in ["datasets", "docs"] {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name),
                                                       withDestinationURL: repository.appendingPathComponent(name))
        }
        let source = repository.appendingPathComponent("configs")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".json") {
            var config = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: source.appendingPathComponent(name))) as? [String: Any])
            var data = try #require(config["data"] as? [String: Any])
            for key in ["train", "validation", "test"] {
                if let path = data[key] as? String { data[key] = source.appendingPathComponent(path).standardizedFileURL.path }
            }
            data["train_limit"] = 24
            if data["test"] != nil { data["test_limit"] = 8 }
            if data["validation"] == nil { data["validation_fraction"] = 0.2 }
            config["data"] = data
            var training = config["training"] as? [String: Any] ?? [:]
            training["epochs"] = 1
            config["training"] = training
            try JSONSerialization.data(withJSONObject: config).write(to: configs.appendingPathComponent(name))
        }
        return folder
    }

    @Test func everyCommandLineOfTheReadmeWorks() throws {
        let readme = try String(contentsOf: LatteEvalTests.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = Self.lines(of: readme)
        let folder = try Self.mirror()
        var ran = 0, checked = 0
        for line in lines {
            switch Self.treatment(of: line) {
            case .skipped:
                continue
            case .flagsChecked:
                let words = Self.command(line)
                let subcommand = words.count > 1 && ["latte-bench", "latte-plot"].contains(words[0])
                    && words[1].first?.isLowercase == true ? [words[1]] : []
                let (_, help, _) = try LatteEvalTests.run(words[0], subcommand + ["--help"])
                for flag in Self.flags(words) {
                    let listed = Self.lists(help, flag)
                    #expect(listed, "README: `\(line)`: \(words[0]) \(subcommand.joined()) has no \(flag)")
                }
                checked += 1
            case .run:
                let words = Self.command(line)
                let (status, _, stderr) = try ExternalProgram.run(try LatteEvalTests.executable(words[0]),
                                                                  Array(words.dropFirst()), in: folder)
                #expect(status == 0, "README: `\(line)` exited with \(status): \(stderr)")
                ran += 1
            }
        }
        // The README's commands are found at all (a change of its layout must not empty this test).
        #expect(ran >= 3, "ran \(ran) README command lines")
        #expect(checked >= 10, "checked the flags of \(checked) README command lines")
    }

    @Test func theRulesSortLinesAsDocumented() {
        func line(_ text: String) -> Line { Line(words: text.split(separator: " ").map(String.init)) }
        #expect(Self.treatment(of: line("sudo apt-get update")) == .skipped("not a Latte command: sudo"))
        #expect(Self.treatment(of: line("swift test -c release")) == .skipped("not a Latte command: swift"))
        #expect(Self.treatment(of: line("swift run -c release latte-train configs/quickstart.json --overwrite")) == .run)
        #expect(Self.treatment(of: line("mpiexec -n K latte-train CONFIG.json [--resume]")) == .flagsChecked)
        #expect(Self.treatment(of: line("latte-eval --data")) == .flagsChecked)
        #expect(Self.treatment(of: line("latte-export runs/tial --output tial-bundle --lammps")) == .flagsChecked)
        #expect(Self.flags(["[--lammps", "[--lammps-dir", "PREFIX]]"]) == ["--lammps", "--lammps-dir"])
        #expect(Self.lists("  --lammps-dir <dir>\n", "--lammps-dir") && !Self.lists("  --lammps-dir <dir>\n", "--lammps"))
    }
}
