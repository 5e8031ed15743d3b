import Testing
@testable import GenreKit

/// Window placement against hand-worked cases, and the streaming windower against the plan.
@Suite struct WindowingTests {
    @Test func windowsCoverTheRecordingWithAnEndAlignedLastWindow() {
        let plan = WindowPlan(window: 30, hop: 15)
        #expect(plan.windows(total: 20) == [0..<20])          // shorter: one window of everything
        #expect(plan.windows(total: 33) == [0..<33])          // up to 1.1 windows: one window
        #expect(plan.windows(total: 60) == [0..<30, 15..<45, 30..<60])
        #expect(plan.windows(total: 70) == [0..<30, 15..<45, 30..<60, 40..<70])
        #expect(plan.windows(total: 34) == [0..<30, 4..<34])
        // A tail of up to 3 (0.1 window) lengthens the last window: no near-copy of it at the end.
        #expect(plan.windows(total: 61) == [0..<30, 15..<45, 30..<61])
        #expect(plan.windows(total: 63) == [0..<30, 15..<45, 30..<63])
        #expect(plan.windows(total: 64) == [0..<30, 15..<45, 30..<60, 34..<64])
    }

    @Test func windowStartsSnapToTheGridWithoutDrift() {
        let plan = WindowPlan(window: 30, hop: 15, grid: 4)
        #expect(plan.windows(total: 60) == [0..<30, 16..<46, 30..<60])
        #expect(plan.windows(total: 70) == [0..<30, 16..<46, 32..<62, 40..<70])
        // 15 s at 22050 Hz on the 512-sample STFT grid: every start within half a step of k·hop.
        let seconds = WindowPlan(window: 661_500, hop: 330_750, grid: 512)
        for k in 0..<1000 {
            #expect(seconds.start(k) % 512 == 0 && abs(seconds.start(k) - k * 330_750) <= 256)
        }
    }

    @Test func streamingWindowerMatchesThePlanForAnyBlocking() {
        for plan in [WindowPlan(window: 300, hop: 120), WindowPlan(window: 300, hop: 120, grid: 7)] {
            for total in [1, 100, 299, 300, 330, 331, 421, 570, 571, 1000, 2345] {
                for block in [1, 7, 64, 500, 5000] {
                    // The consumer holds the windows of up to `hold` blocks before it releases them.
                    for hold in [1, 3] {
                        var windower = StreamingWindower(plan: plan)
                        let signal = (0..<total).map(Double.init)
                        var got: [Range<Int>] = [], pending: [Range<Int>] = []
                        func consume() {
                            for w in pending { #expect(windower.samples(w) == Array(signal[w]), "samples of \(w)") }
                            got += pending
                            pending = []
                            windower.release(before: windower.total)
                            // Held: at most one window, one hop (rounded to the grid) and a tail, plus the blocks they start and end in.
                            #expect(windower.heldSamples <= plan.window + plan.hop + plan.grid + plan.absorbedTail + 2 * block || got.isEmpty
                                        || windower.total <= plan.singleWindowLimit + block,
                                    "holds \(windower.heldSamples) samples of \(windower.total)")
                        }
                        var start = 0, blocks = 0
                        while start < total {
                            pending += windower.append(Array(signal[start..<min(start + block, total)]))
                            start += block
                            blocks += 1
                            if blocks % hold == 0 { consume() }
                        }
                        pending += windower.finish()
                        consume()
                        #expect(got == plan.windows(total: total), "total \(total), block \(block), hold \(hold)")
                    }
                }
            }
        }
    }

    @Test func spansGroupOverlappingWindowsOnTheFrameGrid() {
        // Three overlapping windows on the 512 grid (the limit), one more on it, one off it.
        let spans = RecordingClassifier.spans(of: [0..<2000, 512..<2512, 1024..<3024, 1536..<3536, 1600..<3600], limit: 3)
        #expect(spans.map(\.windows) == [[0..<2000, 512..<2512, 1024..<3024], [1536..<3536], [1600..<3600]])
        #expect(spans.map(\.range) == [0..<3024, 1536..<3536, 1600..<3600])
        // A last window lengthened by a short tail is analysed alone.
        #expect(RecordingClassifier.spans(of: [0..<2000, 512..<2512, 1024..<3100], limit: 4).map(\.windows)
                == [[0..<2000, 512..<2512], [1024..<3100]])
        // Windows that only touch share nothing.
        #expect(RecordingClassifier.spans(of: [0..<1024, 1024..<2048], limit: 4).map(\.windows) == [[0..<1024], [1024..<2048]])
    }
}
