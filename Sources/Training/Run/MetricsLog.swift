import JSON
import Plots
import SystemSupport

/// `metrics.csv`: one row per epoch, written whole (atomically) after every epoch from the
/// run's history, so that a resumed run's file is exactly an uninterrupted run's.
///
/// Columns: epoch, learning rate, train and validation loss, then for train and validation the
/// energy MAE and RMSE per atom (meV/atom) and the force MAE and RMSE per component (meV/Å),
/// then the epoch's wall-clock seconds.
public enum MetricsLog {
    public static let header = [
        "epoch", "learning_rate", "train_loss", "validation_loss",
        "train_energy_mae_meV_per_atom", "train_energy_rmse_meV_per_atom",
        "train_force_mae_meV_per_A", "train_force_rmse_meV_per_A",
        "validation_energy_mae_meV_per_atom", "validation_energy_rmse_meV_per_atom",
        "validation_force_mae_meV_per_A", "validation_force_rmse_meV_per_A",
        "seconds",
    ]

    public static func text(of history: [EpochRecord]) -> String {
        var lines = [header.joined(separator: ",")]
        for record in history {
            let values: [Double] = [
                record.learningRate, record.trainLoss, record.validationLoss,
                1e3 * record.train.energyMAE, 1e3 * record.train.energyRMSE,
                1e3 * record.train.forceMAE, 1e3 * record.train.forceRMSE,
                1e3 * record.validation.energyMAE, 1e3 * record.validation.energyRMSE,
                1e3 * record.validation.forceMAE, 1e3 * record.validation.forceRMSE,
                record.seconds,
            ]
            lines.append((["\(record.epoch)"] + values.map { "\($0)" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func write(_ history: [EpochRecord], to path: String) throws {
        try AtomicFile.write(text(of: history), to: path)
    }

    /// The learning curve of `history` as an SVG image (`LearningCurvePlot`).
    public static func writeLearningCurve(_ history: [EpochRecord], to path: String) throws {
        let rows = try LearningCurvePlot.rows(csv: text(of: history), source: path)
        try AtomicFile.write(LearningCurvePlot.svg(rows, title: "training"), to: path)
    }
}
