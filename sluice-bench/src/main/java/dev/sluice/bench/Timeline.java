package dev.sluice.bench;

import java.util.List;

/**
 * Per-record time over time, from the first record an engine runs: windows of at least one second,
 * each ending on a whole pass over the benchmark's records so that every window sees the same mix
 * of records (a pass of the JavaScript plugin on Chicory takes longer than a second, so there a
 * window is one pass).
 *
 * <p>"Steady" is the first run of {@link #STEADY_WINDOWS} consecutive windows whose per-record
 * times are within {@link #TOLERANCE} of each other (slowest ≤ fastest × 1.10) and after which no
 * window is more than that faster than the run's fastest: an engine that compiles in the background
 * plateaus for a while before its compiled code arrives, and that plateau is not its steady state.
 * The time to steady state is when the first of those windows began; the steady per-record time is
 * the median of the windows from there to the end. A timeline that never settles (it was bounded
 * first) reports the median of its last {@link #STEADY_WINDOWS} windows, and says so.
 *
 * <p>On a shared machine the wall clock also counts time the thread waited for a CPU, so a window
 * may also carry how long the measuring thread ran on one ({@link ThreadClock}; Sluice's rows).
 *
 * @param windows in order, each starting where the one before ended
 */
public record Timeline(List<Window> windows) {

    /** How many consecutive windows must agree. */
    public static final int STEADY_WINDOWS = 3;

    /** How far they may differ: the slowest at most this much above the fastest. */
    public static final double TOLERANCE = 0.10;

    /**
     * One window.
     *
     * @param startMs when it began, from the first record of the timeline
     * @param endMs when it ended
     * @param records how many records ran in it
     * @param onCpuMs how long the thread running them was on a CPU, or NaN when not known
     */
    public record Window(double startMs, double endMs, long records, double onCpuMs) {
        public Window(double startMs, double endMs, long records) {
            this(startMs, endMs, records, Double.NaN);
        }

        public Window {
            if (records <= 0 || endMs < startMs) {
                throw new IllegalArgumentException(
                        "a window needs records and an end after its start: "
                                + startMs
                                + "–"
                                + endMs
                                + " ms, "
                                + records
                                + " records");
            }
        }

        public double nsPerRecord() {
            return (endMs - startMs) * 1e6 / records;
        }

        public double cpuNsPerRecord() {
            return onCpuMs * 1e6 / records;
        }
    }

    public Timeline {
        windows = List.copyOf(windows);
    }

    /** The index of the first window of the first steady run, or -1 when there is none. */
    public int steadyFrom() {
        for (int i = 0; i + STEADY_WINDOWS <= windows.size(); i++) {
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int j = i; j < i + STEADY_WINDOWS; j++) {
                double ns = windows.get(j).nsPerRecord();
                min = Math.min(min, ns);
                max = Math.max(max, ns);
            }
            if (max <= min * (1 + TOLERANCE) && noneFasterAfter(i + STEADY_WINDOWS, min)) {
                return i;
            }
        }
        return -1;
    }

    private boolean noneFasterAfter(int from, double fastestNs) {
        for (int j = from; j < windows.size(); j++) {
            if (windows.get(j).nsPerRecord() * (1 + TOLERANCE) < fastestNs) {
                return false;
            }
        }
        return true;
    }

    public boolean steady() {
        return steadyFrom() >= 0;
    }

    /** Milliseconds from the first record to the start of the steady run; NaN when none. */
    public double timeToSteadyMs() {
        int from = steadyFrom();
        return from < 0 ? Double.NaN : windows.get(from).startMs();
    }

    /**
     * The median per-record time from the steady run on, or of the last windows when there is none
     * (NaN without any window).
     */
    public double steadyNsPerRecord() {
        return steadyMedian(Window::nsPerRecord);
    }

    /** The same windows' median time on a CPU per record (NaN when the windows do not say). */
    public double steadyCpuNsPerRecord() {
        return steadyMedian(Window::cpuNsPerRecord);
    }

    private double steadyMedian(java.util.function.ToDoubleFunction<Window> figure) {
        if (windows.isEmpty()) {
            return Double.NaN;
        }
        int from = steadyFrom();
        int start = from >= 0 ? from : Math.max(0, windows.size() - STEADY_WINDOWS);
        return Measured.median(
                windows.subList(start, windows.size()).stream().mapToDouble(figure).toArray());
    }

    /** The per-record time of the first window: what a freshly loaded plugin's records cost. */
    public double firstWindowNsPerRecord() {
        return windows.isEmpty() ? Double.NaN : windows.get(0).nsPerRecord();
    }

    /** When the last window ended. */
    public double durationMs() {
        return windows.isEmpty() ? 0 : windows.get(windows.size() - 1).endMs();
    }
}
