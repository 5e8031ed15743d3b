import Foundation

/// Axis tick positions at "nice" values: multiples of 1, 2 or 5 times a power of ten (Heckbert, "Nice numbers
/// for graph labels", Graphics Gems, 1990; the rule matplotlib's MaxNLocator also follows with steps [1, 2, 5, 10]).
public enum Ticks {
    /// The smallest step of the form {1, 2, 5} x 10^k that covers `span` in at most `maxIntervals` intervals.
    /// Returns 1 for a non-positive or non-finite span.
    public static func niceStep(span: Double, maxIntervals: Int) -> Double {
        guard span.isFinite, span > 0 else { return 1 }
        let rough = span / Double(max(1, maxIntervals))
        let magnitude = pow(10, floor(log10(rough)))
        for multiple in [1.0, 2, 5, 10] where multiple * magnitude >= rough * (1 - 1e-12) {
            return multiple * magnitude
        }
        return 10 * magnitude
    }

    /// Tick values within `lower...upper` (order of the bounds does not matter), at most `maxCount` (at least 2)
    /// of them, all multiples of one nice step. A zero-width range gives that single value; a non-finite bound
    /// gives no ticks. Values are rounded to the step's decimals, so 0.1 * 3 comes back as 0.3.
    public static func nice(from lower: Double, to upper: Double, maxCount: Int = 6) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        let lo = min(lower, upper), hi = max(lower, upper)
        if lo == hi { return [lo] }
        let step = niceStep(span: hi - lo, maxIntervals: max(2, maxCount) - 1)
        return multiples(of: step, from: lo, to: hi)
    }

    /// Ticks for a time axis in seconds: nice 1-2-5 steps below one second, then 1, 2, 5, 10, 15, 30 s,
    /// 1, 2, 5, 10, 15, 30 min, 1, 2, 5... h, so labels fall on whole minutes when they are shown as m:ss.
    public static func niceTime(from lower: Double, to upper: Double, maxCount: Int = 8) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        let lo = min(lower, upper), hi = max(lower, upper)
        if lo == hi { return [lo] }
        let rough = (hi - lo) / Double(max(2, maxCount) - 1)
        if rough <= 1 { return nice(from: lo, to: hi, maxCount: maxCount) }
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000]
        let step = steps.first { $0 >= rough * (1 - 1e-12) } ?? niceStep(span: hi - lo, maxIntervals: maxCount - 1)
        return multiples(of: step, from: lo, to: hi)
    }

    /// Decimal places needed to show multiples of `step` exactly (0 for steps of 1 or more).
    public static func decimals(forStep step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        return max(0, Int(-floor(log10(step) + 1e-9)))
    }

    /// A tick label: `value` with the decimals its step needs ("0.25" for step 0.05; "1000" for step 200).
    public static func label(_ value: Double, step: Double) -> String {
        Markup.fixed(value, decimals: decimals(forStep: step))
    }

    /// A time label: seconds with the step's decimals below one minute of range, else m:ss (or h:mm:ss).
    public static func timeLabel(_ seconds: Double, step: Double, useMinutes: Bool) -> String {
        guard useMinutes, seconds.isFinite else { return label(seconds, step: step) }
        let total = Int(seconds.rounded())
        let sign = total < 0 ? "-" : ""
        let t = abs(total)
        let h = t / 3600, m = (t % 3600) / 60, s = t % 60
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 { return "\(sign)\(h):\(m < 10 ? "0" : "")\(m):\(ss)" }
        return "\(sign)\(m):\(ss)"
    }

    private static func multiples(of step: Double, from lo: Double, to hi: Double) -> [Double] {
        let first = ceil(lo / step - 1e-9), last = floor(hi / step + 1e-9)
        guard last >= first, last - first < 10_000 else { return [] }
        let d = decimals(forStep: step)
        let scale = pow(10, Double(d))
        return stride(from: first, through: last, by: 1).map { k in
            let v = (k * step * scale).rounded() / scale
            return v == 0 ? 0 : v  // no -0
        }
    }
}
