import Foundation
import PHIGuardCore
import PHIGuardStore
import Synchronization
import Testing

@Suite("Store under concurrent use, on every backend")
struct StoreConcurrencyTests {
    @Test("writes from 8 threads, 50 each, all land", arguments: Backend.allCases)
    func concurrentWritesLand(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        try store.write { connection in try createItems(connection) }
        let failures = Mutex<[String]>([])
        onThreads(8) { thread in
            for index in 0..<50 {
                do {
                    let id = thread * 1000 + index
                    try store.write { connection in
                        try connection.execute("INSERT INTO items (id, name) VALUES (\(id), \("item \(id)"))")
                    }
                } catch {
                    failures.withLock { $0.append(String(describing: error)) }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(try itemCount(store) == 400)
    }

    @Test("a read during an open write sees the last committed state without waiting", arguments: Backend.allCases)
    func readsWhileWriting(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        try store.write { connection in try createItems(connection) }
        let inserted = DispatchSemaphore(value: 0)
        let readDone = DispatchSemaphore(value: 0)
        let seenDuringWrite = Mutex<Int64?>(nil)

        let reader = Thread {
            inserted.wait()
            seenDuringWrite.withLock { $0 = try? itemCount(store) }
            readDone.signal()
        }
        reader.start()
        try store.write { connection in
            try connection.execute("INSERT INTO items (id, name) VALUES (1, \("pending"))")
            inserted.signal()
            // Bounded: a reader blocked behind this write would time out here and fail the test.
            #expect(readDone.wait(timeout: .now() + 10) == .success)
        }

        #expect(seenDuringWrite.withLock { $0 } == 0)
        #expect(try itemCount(store) == 1)
    }
}
