import IPCConcepts
import Testing

@Suite struct IndexQueueTests {
    /// Runs `body` with a zeroed queue of `capacity` slots in process memory (the layout is the shared one).
    func withQueue(capacity: Int, _ body: (IndexQueue) -> Void) {
        let size = IndexQueue.byteSize(capacity: capacity)
        let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer { memory.deallocate() }
        body(IndexQueue(base: memory, capacity: capacity))
    }

    @Test func isFirstInFirstOutAndRefusesWhenFull() {
        withQueue(capacity: 3) { queue in
            #expect(queue.isEmpty)
            #expect(queue.push(1) && queue.push(2) && queue.push(3))
            #expect(!queue.push(4))
            #expect(queue.pop() == 1)
            #expect(queue.push(4))
            #expect([queue.pop(), queue.pop(), queue.pop(), queue.pop()] == [2, 3, 4, nil])
        }
    }

    @Test func safeOverflowEvictsTheOldestAndKeepsTheNewest() {
        withQueue(capacity: 2) { queue in
            #expect(queue.pushOverflowing(10) == nil)
            #expect(queue.pushOverflowing(11) == nil)
            #expect(queue.pushOverflowing(12) == 10)
            #expect(queue.pushOverflowing(13) == 11)
            #expect([queue.pop(), queue.pop(), queue.pop()] == [12, 13, nil])
        }
    }

    @Test func holdsMoreCountsWhatIsQueuedAcrossWrapArounds() {
        withQueue(capacity: 3) { queue in  // a ring of 4 slots holding at most 3
            for round: UInt64 in 0..<50 {
                #expect(!queue.holdsMore(than: 0))
                for offset in 0..<round % 4 { _ = queue.pushOverflowing(round * 10 + offset) }
                let queued = min(round % 4, 3)
                for count: UInt64 in 0..<3 { #expect(queue.holdsMore(than: count) == (queued > count)) }
                while queue.pop() != nil {}
            }
        }
    }

    @Test func aSoleTakerGetsEveryValueOnceInOrderAcrossWrapArounds() {
        withQueue(capacity: 5) { queue in  // a ring of 8 slots holding at most 5
            var next: UInt64 = 0
            var expected: UInt64 = 0
            for round in 0..<1_000 {
                for _ in 0..<(round % 5 + 1) {
                    #expect(queue.push(next))
                    next += 1
                }
                if round % 5 == 4 { #expect(!queue.push(next)) }  // five are in: full
                while let value = queue.popSoleTaker() {
                    #expect(value == expected)
                    expected += 1
                }
            }
            #expect(expected == next)
        }
    }

    @Test func anAcknowledgementTravelsWithItsValue() {
        withQueue(capacity: 2) { queue in
            #expect(queue.push(1, acknowledgement: 7))
            #expect(queue.pushOverflowing(2, acknowledgement: .max) == nil)
            #expect(queue.popAcknowledged()! == (1, 7))
            #expect(queue.popAcknowledged()! == (2, .max))
            #expect(queue.popAcknowledged() == nil)
        }
    }

    @Test func anAcknowledgementOnlyLetsTheProducerUseRoomTheConsumerReallyMade() {
        withQueue(capacity: 2) { queue in
            #expect(queue.push(1) && queue.push(2))
            queue.consumerReached(queue.acknowledgement)  // nothing taken yet: still full
            #expect(!queue.push(3))
            let beforePop = queue.acknowledgement
            #expect(queue.pop() == 1)
            queue.consumerReached(queue.acknowledgement)
            queue.consumerReached(beforePop)  // an older one arriving late changes nothing
            #expect(queue.push(3))
            #expect(!queue.push(4))
            #expect([queue.pop(), queue.pop(), queue.pop()] == [2, 3, nil])
        }
    }

    @Test func positionsPastThirtyTwoBitsKeepOrderAndAcknowledgements() {
        withQueue(capacity: 3) { queue in
            // Start just below 2³², where the slots' 32-bit sequence numbers wrap.
            queue.base.storeBytes(of: (UInt64(1) << 32) - 5, toByteOffset: 64, as: UInt64.self)
            queue.reset()
            var pushed: UInt64 = 0
            var popped: UInt64 = 0
            for _ in 0..<40 {
                while queue.push(pushed) { pushed += 1 }
                #expect(pushed - popped == 3)
                let value = queue.pop()
                #expect(value == popped)
                popped += 1
                queue.consumerReached(queue.acknowledgement)
            }
            while let value = queue.pop() {
                #expect(value == popped)
                popped += 1
            }
            #expect(popped == pushed)
        }
    }

    @Test func wrapsAroundManyTimes() {
        withQueue(capacity: 4) { queue in
            for value in UInt64(0)..<10_000 {
                #expect(queue.push(value))
                #expect(queue.pop() == value)
            }
            queue.reset()
            #expect(queue.isEmpty)
        }
    }
}

@Suite struct ChunkPoolTests {
    @Test func handsOutEveryChunkOnceAndTakesThemBack() {
        let pool = ChunkPool(count: 4)
        defer { pool.deallocate() }
        var taken: [UInt32] = []
        while true {
            let announced = pool.next  // what the next allocation hands out
            guard let chunk = pool.allocate() else {
                #expect(announced == .max)
                break
            }
            #expect(chunk == announced)
            taken.append(chunk)
        }
        #expect(Set(taken) == [0, 1, 2, 3])
        #expect(!pool.isUnused)
        for chunk in taken { pool.release(chunk) }
        #expect(pool.isUnused)
    }
}
