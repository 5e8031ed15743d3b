import Testing
@testable import Graphics

@Test func niceStepsFollowOneTwoFive() {
    #expect(Ticks.niceStep(span: 1, maxIntervals: 5) == 0.2)
    #expect(Ticks.niceStep(span: 1, maxIntervals: 10) == 0.1)
    #expect(Ticks.niceStep(span: 30, maxIntervals: 5) == 10)   // 6 -> 10
    #expect(Ticks.niceStep(span: 7, maxIntervals: 5) == 2)     // 1.4 -> 2
    #expect(Ticks.niceStep(span: 0.037, maxIntervals: 4) == 0.01)
    #expect(Ticks.niceStep(span: 11025, maxIntervals: 5) == 5000)
    #expect(Ticks.niceStep(span: 100, maxIntervals: 4) == 50)  // exactly 25 would need 2.5: not a 1-2-5 step
    #expect(Ticks.niceStep(span: 0, maxIntervals: 4) == 1)
}

@Test func niceTicksCoverRange() {
    #expect(Ticks.nice(from: 0, to: 1, maxCount: 6) == [0, 0.2, 0.4, 0.6, 0.8, 1])
    #expect(Ticks.nice(from: 0, to: 30, maxCount: 7) == [0, 5, 10, 15, 20, 25, 30])
    #expect(Ticks.nice(from: -80, to: 0, maxCount: 6) == [-80, -60, -40, -20, 0])
    #expect(Ticks.nice(from: 0.13, to: 0.91, maxCount: 5) == [0.2, 0.4, 0.6, 0.8])
    #expect(Ticks.nice(from: 1, to: -1, maxCount: 5) == [-1, -0.5, 0, 0.5, 1])
    #expect(Ticks.nice(from: 3, to: 3) == [3])
    #expect(Ticks.nice(from: 0, to: .infinity) == [])
    #expect(Ticks.nice(from: .nan, to: 1) == [])
    // 0.1 * 3 is 0.30000000000000004 in binary; ticks are rounded to the step's decimals.
    #expect(Ticks.nice(from: 0, to: 0.5, maxCount: 6).contains(0.3))
    for count in 2...12 {
        #expect(Ticks.nice(from: 0, to: 97.3, maxCount: count).count <= count)
    }
}

@Test func timeTicksUseClockSteps() {
    #expect(Ticks.niceTime(from: 0, to: 30, maxCount: 7) == [0, 5, 10, 15, 20, 25, 30])
    #expect(Ticks.niceTime(from: 0, to: 600, maxCount: 8) == [0, 120, 240, 360, 480, 600])
    #expect(Ticks.niceTime(from: 0, to: 200, maxCount: 8) == [0, 30, 60, 90, 120, 150, 180])
    #expect(Ticks.niceTime(from: 0, to: 3, maxCount: 7) == [0, 0.5, 1, 1.5, 2, 2.5, 3])
}

@Test func tickLabels() {
    #expect(Ticks.label(0.25, step: 0.05) == "0.25")
    #expect(Ticks.label(1000, step: 200) == "1000")
    #expect(Ticks.label(-0.0000001, step: 0.1) == "0.0")
    #expect(Ticks.label(0.3, step: 0.1) == "0.3")
    #expect(Ticks.timeLabel(125, step: 5, useMinutes: true) == "2:05")
    #expect(Ticks.timeLabel(3725, step: 5, useMinutes: true) == "1:02:05")
    #expect(Ticks.timeLabel(12.5, step: 0.5, useMinutes: false) == "12.5")
    #expect(Markup.percent(0.8137) == "81.4%")
    #expect(Markup.percent(1, decimals: 0) == "100%")
}

@Test func svgNumbersAreCompact() {
    #expect(Markup.number(3) == "3")
    #expect(Markup.number(2.5) == "2.5")
    #expect(Markup.number(-0.004) == "0")
    #expect(Markup.number(-1.256) == "-1.26")
    #expect(Markup.number(10.05) == "10.05")
    #expect(Markup.number(0.07) == "0.07")
    #expect(Markup.number(.nan) == "0")
}
