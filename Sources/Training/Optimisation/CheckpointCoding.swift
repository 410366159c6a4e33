import JSON
import Latte
import Linalg

/// The pieces the optimiser states share in a checkpoint: counts as JSON integers, parameter-
/// shaped matrices as arrays of rows. Numbers are written in shortest round-trip form and read
/// back by a correctly rounded parser, so every Double survives bit for bit (−0.0 and
/// subnormals included); non-finite values have no JSON form and must not reach the writer.
enum CheckpointCoding {
    static func matrices(_ matrices: [Matrix]) -> JSONValue {
        .array(matrices.map { matrix in .array(matrix.nested.map { .array($0.map(JSONValue.number)) }) })
    }

    /// One matrix per shape, in order, each an array of `rows` arrays of `cols` numbers.
    static func matrices(_ field: JSONField, shapes: [Shape]) throws -> [Matrix] {
        let items = try field.array()
        guard items.count == shapes.count else {
            throw field.fail("expected \(JSONField.plural(shapes.count, "matrix")), found \(items.count)")
        }
        return try zip(items, shapes).map { item, shape in try item.matrix(rows: shape.rows, cols: shape.cols) }
    }
}
