import Foundation
import Synchronization

/// Two threads that run one loop together and meet at a barrier after every step.
///
/// Why: the LSTM's recurrence is a chain of small steps (a 64×1024×256 product plus a cell update, a fraction of a
/// millisecond each). Handing every step to Dispatch pays a thread wake-up per hand-off, twice a step. A team whose
/// second member stays awake for the whole window and owns half of the hidden units pays one spin barrier a step.
/// Each member always computes the same outputs in the same order, so results do not depend on the team.
package final class LockstepTeam: @unchecked Sendable {
    /// Members taking part in `run`: 1 (the caller alone) or 2.
    package let members: Int
    private let barrier: SpinBarrier
    private let helper: Helper?

    /// - Parameter members: 2 for a helper thread next to the caller; 1 runs everything on the caller.
    package init(members: Int) {
        precondition(members == 1 || members == 2, "a lockstep team has one or two members")
        self.members = members
        barrier = SpinBarrier(parties: members)
        helper = members == 2 ? Helper(barrier: barrier) : nil
    }

    deinit { helper?.stop() }

    /// Runs `body(member, barrier)` on every member at once and returns when all have finished.
    /// `body` must call `barrier.wait()` the same number of times on every member.
    package func run(_ body: (_ member: Int, _ barrier: SpinBarrier) -> Void) {
        guard let helper else { return body(0, barrier) }
        withoutActuallyEscaping(body) { escapable in
            helper.start(UncheckedSendable(value: escapable))
            escapable(0, barrier)
            barrier.wait()          // the helper has finished with `body` once it arrives here too
            helper.clear()
        }
    }

    /// The second member: a thread that sleeps on a semaphore between runs.
    private final class Helper: @unchecked Sendable {
        private let wake = DispatchSemaphore(value: 0)
        private let barrier: SpinBarrier
        private var job: UncheckedSendable<(Int, SpinBarrier) -> Void>?
        private var stopping = false

        init(barrier: SpinBarrier) {
            self.barrier = barrier
            let thread = Thread { [self] in loop() }
            thread.name = "arcgen.lockstep"
            thread.start()
        }

        func start(_ body: UncheckedSendable<(Int, SpinBarrier) -> Void>) {
            job = body
            wake.signal()       // the semaphore orders the write of `job` before the helper reads it
        }

        func clear() { job = nil }

        func stop() {
            stopping = true
            wake.signal()
        }

        private func loop() {
            while true {
                wake.wait()
                if stopping { return }
                if let job { job.value(1, barrier) }
                barrier.wait()
            }
        }
    }
}

/// A reusable barrier for a few threads that spins, then yields the core when the wait grows long (so an
/// oversubscribed machine degrades instead of burning whole time slices).
package final class SpinBarrier: @unchecked Sendable {
    let parties: Int
    private let arrived = Atomic<Int>(0)
    private let generation = Atomic<Int>(0)

    init(parties: Int) { self.parties = parties }

    package func wait() {
        if parties == 1 { return }
        let current = generation.load(ordering: .acquiring)
        if arrived.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == parties {
            arrived.store(0, ordering: .relaxed)
            generation.store(current &+ 1, ordering: .releasing)
            return
        }
        // Spin for up to a millisecond, far longer than a step's imbalance, then yield. Yielding sooner hands the
        // core to whatever else is runnable (measured: a nice-19 build next to training halved its speed when the
        // barrier yielded after a few microseconds), and a step then waits a whole time slice for its partner.
        var spins = 0
        var deadline: UInt64 = 0
        while generation.load(ordering: .acquiring) == current {
            spins += 1
            if spins & 1023 == 0 {
                let now = DispatchTime.now().uptimeNanoseconds
                if deadline == 0 { deadline = now + 1_000_000 } else if now > deadline { sched_yield() }
            }
        }
    }
}
