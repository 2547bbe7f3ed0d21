package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    /** One-second windows of the given per-record times, in µs, 1000 records each. */
    private static Timeline micros(double... perRecordMicros) {
        var windows = new ArrayList<Timeline.Window>();
        double at = 0;
        for (double us : perRecordMicros) {
            double end = at + us; // 1000 records × us µs = us ms
            windows.add(new Timeline.Window(at, end, 1000));
            at = end;
        }
        return new Timeline(windows);
    }

    @Test
    void steadyIsTheFirstThreeWindowsWithinTenPercentAndItsMedianRunsToTheEnd() {
        var t = micros(2000, 1500, 1000, 1050, 1020, 990, 1200);
        assertThat(t.steady()).isTrue();
        assertThat(t.steadyFrom()).isEqualTo(2);
        // Windows 2.. are 1000, 1050, 1020, 990, 1200 µs: median 1020 µs.
        assertThat(t.steadyNsPerRecord()).isEqualTo(1_020_000.0);
        // The steady run began after the first two windows: 2000 + 1500 ms.
        assertThat(t.timeToSteadyMs()).isEqualTo(3500.0);
        assertThat(t.firstWindowNsPerRecord()).isEqualTo(2_000_000.0);
        assertThat(t.durationMs()).isEqualTo(8760.0);
    }

    @Test
    void theTimeOnACpuIsTakenOverTheSameWindows() {
        var t =
                new Timeline(
                        List.of(
                                new Timeline.Window(0, 1000, 10, 900),
                                new Timeline.Window(1000, 2000, 10, 500),
                                new Timeline.Window(2000, 3000, 10, 400),
                                new Timeline.Window(3000, 4000, 10, 600)));
        assertThat(t.steadyFrom()).isZero();
        // Medians of 90, 50, 40, 60 ms: 55 ms.
        assertThat(t.steadyCpuNsPerRecord()).isEqualTo(55_000_000.0);
        assertThat(micros(100, 100, 100).steadyCpuNsPerRecord()).isNaN();
    }

    @Test
    void aPlateauBeforeTheCompiledCodeArrivesIsNotSteady() {
        // Three flat windows at 75 ms, then the JIT's code: 2 ms from the seventh window on.
        var t = micros(280, 75, 76, 74, 30, 5, 2, 2.1, 2.05, 1.98);
        assertThat(t.steadyFrom()).isEqualTo(6);
        assertThat(t.steadyNsPerRecord()).isCloseTo(2_025.0, within(0.01));
        // Slower windows later (a busy machine) do not undo a steady run.
        assertThat(micros(10, 10, 10, 30, 10).steadyFrom()).isZero();
    }

    @Test
    void tenPercentIsTheEdge() {
        assertThat(micros(100, 110, 105).steadyFrom()).isZero();
        assertThat(micros(100, 111, 105).steady()).isFalse();
        // Three that agree, but not consecutively, are not steady.
        assertThat(micros(100, 200, 100, 200, 100).steady()).isFalse();
    }

    @Test
    void aTimelineThatNeverSettlesReportsItsLastWindowsAndNoTimeToSteady() {
        var t = micros(400, 300, 200, 150, 120);
        assertThat(t.steady()).isFalse();
        assertThat(t.steadyFrom()).isEqualTo(-1);
        assertThat(t.timeToSteadyMs()).isNaN();
        assertThat(t.steadyNsPerRecord()).isEqualTo(150_000.0);
    }

    @Test
    void tooFewWindowsAreNotSteady() {
        assertThat(micros(100, 100).steady()).isFalse();
        assertThat(micros(100, 100).steadyNsPerRecord()).isEqualTo(100_000.0);
        assertThat(new Timeline(List.of()).steadyNsPerRecord()).isNaN();
        assertThat(new Timeline(List.of()).firstWindowNsPerRecord()).isNaN();
    }

    @Test
    void aWindowNeedsRecordsAndAnEndAfterItsStart() {
        assertThatThrownBy(() -> new Timeline.Window(0, 1000, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 records");
        assertThatThrownBy(() -> new Timeline.Window(1000, 999, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theResultsFileCarriesWhatTheTimelineShows() throws Exception {
        var result =
                new JsBench.Result(
                        "node-v8",
                        "node v20",
                        false,
                        300,
                        Double.NaN,
                        Double.NaN,
                        2000,
                        micros(2000, 1000, 1000, 1000));
        var json = new ObjectMapper().valueToTree(result);
        assertThat(json.get("steady").asBoolean()).isTrue();
        assertThat(json.get("steadyNsPerRecord").asDouble()).isEqualTo(1_000_000.0);
        assertThat(json.get("timeToSteadyMs").asDouble()).isEqualTo(2000.0);
        assertThat(json.get("timeline").get("windows")).hasSize(4);
    }

    @Test
    void harnessWindowsAreReadFromTheirJson() throws Exception {
        var json =
                new ObjectMapper()
                        .readTree("{\"windows\":[[0,1000.5,500],[1000.5,2001,1000.0,700.5]]}");
        var t = JsBench.timeline(json);
        assertThat(t.windows())
                .containsExactly(
                        new Timeline.Window(0, 1000.5, 500),
                        new Timeline.Window(1000.5, 2001, 1000, 700.5));
        assertThat(t.firstWindowNsPerRecord()).isEqualTo(2_001_000.0);
    }
}
