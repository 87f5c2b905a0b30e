import Dispatch
import Foundation
import Testing
@testable import RMQLintSource

/// `Parallel.releaseInBackground` (how the command line lets a fleet's model go while it writes
/// the reports): the caller's collection is emptied at once, and what it held is torn down on
/// another thread, not the caller's.
@Suite("Release in background")
struct ReleaseInBackgroundTests {
    final class Probe: @unchecked Sendable {
        let done: DispatchSemaphore
        let caller: pthread_t
        let tornDownOnCaller: UnsafeMutablePointer<Bool>
        init(done: DispatchSemaphore, caller: pthread_t, tornDownOnCaller: UnsafeMutablePointer<Bool>) {
            (self.done, self.caller, self.tornDownOnCaller) = (done, caller, tornDownOnCaller)
        }
        deinit {
            tornDownOnCaller.pointee = pthread_equal(pthread_self(), caller) != 0
            done.signal()
        }
    }

    @Test func theCallerIsEmptiedAndTheTeardownRunsElsewhere() {
        let done = DispatchSemaphore(value: 0)
        let onCaller = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        onCaller.initialize(to: true)
        defer { onCaller.deallocate() }
        var held = [Probe(done: done, caller: pthread_self(), tornDownOnCaller: onCaller)]
        Parallel.releaseInBackground(&held)
        #expect(held.isEmpty)
        // Generous: the teardown is one object on an idle queue.
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(onCaller.pointee == false)
    }
}
