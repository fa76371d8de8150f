/// A broken invariant of flowd's own, never the caller's doing: the answer is a plain internal error, and
/// `ErrorAnswer` logs it at `critical` with what broke.
struct EngineFault: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
