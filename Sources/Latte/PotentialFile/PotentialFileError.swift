import JSON

/// A `potential.json` that cannot be read or written: `FILE: FIELD: PROBLEM` on one line.
public typealias PotentialFileError = JSONFileError
