/// An atomic structure (to be written).
public struct Structure {}
