import Foundation
import PHIGuardCore
import PHIGuardStore
import Synchronization

/// Sends ledger entries to one destination, at least once, resuming from a durable cursor after a restart.
///
/// A batch is read from the source at the cursor, sent, and only after the destination accepted it (a file
/// sink fsyncs first) the cursor row in `ledger_forwarders` moves past it. A crash between the two sends the
/// batch again; nothing is ever skipped. A new forwarder with the same name resumes where the last one stopped.
public final class Forwarder: Sendable {
    /// What this forwarder sends and where.
    public let configuration: ForwarderConfiguration
    private let source: any LedgerEntrySource
    private let cursor: ForwarderCursor
    private let logger: Logger
    private let sink: Mutex<SinkHolder>
    private let loop = Mutex(LoopState())

    /// Holds the destination connection; only touched under the `sink` lock, so one batch runs at a time.
    private struct SinkHolder: ~Copyable {
        var sink: (any ForwarderSink)?
    }

    private struct LoopState {
        var isRunning = false
        var stopRequested = false
    }

    /// Creates a forwarder; nothing is sent before `runOnce()` or `start()`.
    ///
    /// - Parameters:
    ///   - configuration: The destination and pacing.
    ///   - source: The durable entries.
    ///   - store: The store holding `ledger_forwarders` (the ledger schema must be applied).
    ///   - logger: Told about failures and recoveries, never about entry contents.
    public init(
        configuration: ForwarderConfiguration, source: any LedgerEntrySource, store: any Store,
        logger: Logger = .disabled
    ) {
        self.configuration = configuration
        self.source = source
        self.cursor = ForwarderCursor(store: store, name: configuration.name)
        self.logger = logger.with("forwarder.name", .string(configuration.name))
        self.sink = Mutex(SinkHolder(sink: nil))
    }

    /// Sends the next batch, if any, and moves the cursor past it.
    ///
    /// - Returns: The number of entries delivered (pruned entries count: they are passed over).
    /// - Throws: The destination's or the store's error, after recording it as `last_error`.
    @discardableResult
    public func runOnce() throws -> Int {
        try sink.withLock { holder in
            do {
                return try deliverBatch(&holder)
            } catch {
                try? cursor.recordError(Self.safeText(error))
                throw error
            }
        }
    }

    /// The forwarder's position for the console.
    ///
    /// - Throws: Store errors.
    public func status() throws -> ForwarderStatus {
        let row = try cursor.load()
        return ForwarderStatus(
            name: configuration.name, kind: configuration.kind.label, cursor: row.next,
            lag: max(0, source.size - row.next), lastError: row.lastError,
            updatedAt: try? AuditTime(millisecondsSince1970: row.updatedAt))
    }

    /// Starts the background loop on its own thread; does nothing when it is already running.
    public func start() {
        let started = loop.withLock { state in
            guard !state.isRunning else { return false }
            state = LoopState(isRunning: true, stopRequested: false)
            return true
        }
        guard started else { return }
        let thread = Thread { [self] in
            runLoop()
            loop.withLock { $0.isRunning = false }
        }
        thread.name = "phiguard-forwarder"
        thread.start()
    }

    /// Asks the loop to stop and waits until it has, at most the network timeout plus a second.
    public func stop() {
        loop.withLock { $0.stopRequested = true }
        let deadline = Date().addingTimeInterval(configuration.networkTimeout + 1)
        while loop.withLock({ $0.isRunning }), Date() < deadline { usleep(5_000) }
        sink.withLock { holder in
            holder.sink?.close()
            holder.sink = nil
        }
    }

    private func deliverBatch(_ holder: inout SinkHolder) throws -> Int {
        let start = try cursor.load().next
        let entries = try source.entries(from: start, limit: configuration.batchSize)
        guard !entries.isEmpty else { return 0 }
        guard entries.first?.index == start, entries.last?.index == start + entries.count - 1 else {
            throw PHIGuardError(.internalError, "the entry source returned entries out of order")
        }

        let destination = holder.sink ?? configuration.makeSink()
        holder.sink = destination
        try destination.send(entries)

        try cursor.advance(from: start, to: start + entries.count)
        return entries.count
    }

    private func runLoop() {
        var failures = 0
        while !loop.withLock({ $0.stopRequested }) {
            do {
                let delivered = try runOnce()
                if failures > 0 { logger.notice("forwarding recovered") }
                failures = 0
                if delivered == 0 { pause(configuration.pollInterval) }
            } catch {
                failures += 1
                if failures == 1 {
                    logger.warning("forwarding failed; retrying with backoff", Logger.errorMetadata(error))
                }
                let exponent = Double(min(failures - 1, 16))
                pause(min(configuration.maximumBackoff, configuration.pollInterval * pow(2, exponent)))
            }
        }
    }

    /// Sleeps up to `seconds` in short slices, returning early when a stop is asked for.
    private func pause(_ seconds: Double) {
        let deadline = Date().addingTimeInterval(max(0.01, seconds))
        while Date() < deadline, !loop.withLock({ $0.stopRequested }) { usleep(20_000) }
    }

    /// Error text safe to keep in the store: PHIGuard errors carry constant reasons; anything else is generic.
    static func safeText(_ error: any Error) -> String {
        if let error = error as? PHIGuardError { return error.description }
        return "io.failure: delivery failed"
    }
}
