import Foundation

/// What `latte-train` shows while it runs. On a terminal: a status line rewritten in place
/// (epoch, batch, loss, rate, time left) above which every finished epoch leaves one line.
/// Otherwise (a log file, a pipe): the epoch lines only, plus a batch line every `logInterval`
/// seconds during long epochs.
public final class ProgressDisplay {
    let isTerminal: Bool
    let totalEpochs: Int
    let write: (String) -> Void
    let logInterval: Double
    private var lastLog = Date()
    private var epochSecondsSeen: [Double] = []

    public init(isTerminal: Bool, totalEpochs: Int, logInterval: Double = 30,
                write: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.isTerminal = isTerminal
        self.totalEpochs = totalEpochs
        self.logInterval = logInterval
        self.write = write
    }

    /// Whether standard output is a terminal.
    public static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    public func show(_ event: Trainer.Event) {
        switch event {
        case let .batch(epoch, batch, batches, loss, rate, seconds):
            let perBatch = seconds / Double(batch)
            let epochLeft = perBatch * Double(batches - batch)
            let meanEpoch = epochSecondsSeen.isEmpty ? perBatch * Double(batches) : epochSecondsSeen.reduce(0, +) / Double(epochSecondsSeen.count)
            let left = epochLeft + meanEpoch * Double(totalEpochs - epoch)
            let line = "epoch \(epoch)/\(totalEpochs)  batch \(batch)/\(batches)  loss \(Self.scientific(loss))  lr \(Self.scientific(rate))  \(String(format: "%.1f", Double(batch) / max(seconds, 1e-9))) batches/s  left \(Self.clock(left))"
            if isTerminal {
                write("\r\u{1B}[2K" + line)
            } else if Date().timeIntervalSince(lastLog) >= logInterval {
                lastLog = Date()
                write(line + "\n")
            }
        case let .epoch(record, isBest):
            epochSecondsSeen.append(record.seconds)
            let line = Self.epochLine(record, totalEpochs: totalEpochs, isBest: isBest)
            write((isTerminal ? "\r\u{1B}[2K" : "") + line + "\n")
            lastLog = Date()
        }
    }

    /// Clears the status line (before other output, or at the end).
    public func finish() {
        if isTerminal { write("\r\u{1B}[2K") }
    }

    /// `epoch  12/200  lr 5.00e-03  loss 1.2e-02/1.4e-02  E 1.23/1.45 meV/atom  F 23.4/25.6 meV/Å  1.2 s *`
    /// (train/validation; `*` marks a new best validation loss).
    public static func epochLine(_ r: EpochRecord, totalEpochs: Int, isBest: Bool) -> String {
        let width = String(totalEpochs).count
        let epoch = String(repeating: " ", count: max(0, width - String(r.epoch).count)) + "\(r.epoch)"
        return "epoch \(epoch)/\(totalEpochs)  lr \(scientific(r.learningRate))"
            + "  loss \(scientific(r.trainLoss))/\(scientific(r.validationLoss))"
            + "  E \(fixed(1e3 * r.train.energyMAE))/\(fixed(1e3 * r.validation.energyMAE)) meV/atom"
            + "  F \(fixed(1e3 * r.train.forceMAE))/\(fixed(1e3 * r.validation.forceMAE)) meV/Å"
            + "  \(fixed(r.seconds)) s" + (isBest ? " *" : "")
    }

    static func scientific(_ x: Double) -> String { String(format: "%.2e", x) }
    static func fixed(_ x: Double) -> String { x.isFinite ? String(format: "%.2f", x) : "n/a" }

    /// h:mm:ss
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }
}
