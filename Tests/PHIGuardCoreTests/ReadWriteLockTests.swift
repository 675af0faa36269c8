import Dispatch
import Testing

@testable import PHIGuardCore

@Suite("Reader-writer lock")
struct ReadWriteLockTests {
    @Test("writes from 8 threads are not lost while other reads run beside them")
    func writesAreExclusive() {
        let lock = ReadWriteLock<[Int: Int]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for step in 0..<2_000 {
                if step.isMultiple(of: 4) {
                    // Read-modify-write of two keys inside one write: a reader must never see them apart.
                    lock.write { table in
                        table[0, default: 0] += 1
                        table[1, default: 0] += 1
                    }
                } else {
                    let (first, second) = lock.read { ($0[0] ?? 0, $0[1] ?? 0) }
                    #expect(first == second, "thread \(thread) saw a write half done")
                }
            }
        }
        #expect(lock.read { $0 } == [0: 4_000, 1: 4_000])
    }

    @Test("a read returns what the body computes, and a write's result is passed back")
    func bodiesReturnTheirResults() {
        let lock = ReadWriteLock("phi")
        #expect(lock.read { $0.count } == 3)
        let previous = lock.write { value -> String in
            defer { value = "guard" }
            return value
        }
        #expect(previous == "phi")
        #expect(lock.read { $0 } == "guard")
    }
}
