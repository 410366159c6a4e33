import JSON
import Linalg

/// Matrices in JSON documents (potentials, checkpoints): arrays of rows, each an array of
/// numbers. Here rather than in `JSON`, which knows nothing of matrices.
extension JSONField {
    /// An array of `rows` arrays of `cols` numbers, as a row-major matrix.
    public func matrix(rows: Int, cols: Int) throws -> Matrix {
        let expected = "\(JSONField.plural(rows, "row")) of \(JSONField.plural(cols, "number"))"
        guard case .array(let items) = value else { throw fail("expected \(expected), found \(value.kindDescription)") }
        guard items.count == rows else { throw fail("expected \(expected), found \(JSONField.plural(items.count, "row"))") }
        var storage: [Double] = []
        storage.reserveCapacity(items.count * cols)
        for row in try array() {
            guard case .array = row.value else { throw row.fail("expected a row of \(JSONField.plural(cols, "number")), found \(row.value.kindDescription)") }
            storage += try row.vector(count: cols)
        }
        return Matrix(rows: items.count, cols: cols, storage: storage)
    }
}
