/// A connection that can run a script of several statements without binds, as migrations are written.
protocol ScriptRunning {
    /// Runs every statement in `text`.
    func runScript(_ text: String) throws
}
