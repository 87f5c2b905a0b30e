import Dispatch
import Foundation
import Testing
@testable import RMQLintSource

/// `Parallel.inBackground` (how a run sorts its secrets and builds its redactor beside other
/// work): the value is made on another thread, and every read of it, however many and from
/// whichever thread, gets that one value.
@Suite("In background")
struct InBackgroundTests {
    @Test func theValueIsMadeElsewhereAndReadAsOften() {
        let caller = pthread_self()
        let pending = Parallel.inBackground { () -> (value: [Int], onCaller: Bool) in
            ((0..<1_000).map { $0 * $0 }, pthread_equal(pthread_self(), caller) != 0)
        }
        let first = pending.value
        #expect(first.value == (0..<1_000).map { $0 * $0 })
        #expect(first.onCaller == false)
        // Read again, and from several threads at once: each gets the same value, none waits forever.
        let again = Parallel.map(8) { _ in pending.value.value }
        #expect(again.allSatisfy { $0 == first.value })
        #expect(pending.value.value == first.value)
    }

    /// Work not worth handing over runs on the caller's thread, and is read the same way.
    @Test func smallWorkRunsOnTheCaller() {
        let caller = pthread_self()
        let pending = Parallel.inBackground(if: false) { pthread_equal(pthread_self(), caller) != 0 }
        #expect(pending.value)
        #expect(pending.value)
    }

    /// The caller goes on while the value is made: a value that waits for the caller is made.
    @Test func theCallerIsNotHeldUp() {
        let callerWent = DispatchSemaphore(value: 0)
        let pending = Parallel.inBackground { () -> Bool in
            callerWent.wait(timeout: .now() + 60) == .success
        }
        callerWent.signal()
        #expect(pending.value)
    }
}
