import Dispatch

/// Runs `body` and reports its duration to `observer` whether it returns or throws.
func timed<T>(_ operation: String, _ observer: StoreObserver?, _ body: () throws -> T) rethrows -> T {
    guard let observer else { return try body() }
    let start = DispatchTime.now().uptimeNanoseconds
    defer { observer(operation, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
    return try body()
}
