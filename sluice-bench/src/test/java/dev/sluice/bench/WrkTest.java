package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkTest {

    private static final String WRK =
            """
            Running 3s test @ http://127.0.0.1:41234/produce
              1 threads and 4 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   812.34us    1.20ms  20.01ms   95.12%
                Req/Sec     5.27k   312.11     5.80k    70.00%
              Latency Distribution
                 50%  520.00us
                 75%  700.12us
                 90%    1.10ms
                 99%    1.39s
              15810 requests in 3.00s, 2.01MB read
            Requests/sec:   5269.81
            Transfer/sec:    686.40KB
            """;

    @Test
    void readsThroughputAndPercentilesInMilliseconds() {
        var load = Wrk.parse(WRK);
        assertThat(load.requestsPerSecond()).isEqualTo(5269.81);
        assertThat(load.p50Ms()).isEqualTo(0.52);
        assertThat(load.p99Ms()).isEqualTo(1390.0);
    }

    @Test
    void outputWithoutAThroughputLineIsAnError() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1"))
                .hasMessageContaining("no Requests/sec")
                .hasMessageContaining("unable to connect");
    }

    @Test
    void aFewFailedAnswersAreCountedManyAreAnError() {
        // A 503 "overloaded" costs the server less than storing a record: past a few, the
        // throughput would be that of another workload than the one measured.
        String few = WRK.replace("Requests/sec:", "  Non-2xx or 3xx responses: 12\nRequests/sec:");
        assertThat(Wrk.parse(few).failed()).isEqualTo(12);
        assertThat(Wrk.parse(few).requests()).isEqualTo(15810);
        assertThat(Wrk.parse(WRK).failed()).isZero();
        String many = few.replace("responses: 12", "responses: 16");
        assertThatThrownBy(() -> Wrk.parse(many))
                .hasMessageContaining("16 of 15810 answers were not 2xx");
    }

    @Test
    void socketErrorsAreAnError() {
        String timeouts =
                WRK.replace(
                        "Requests/sec:",
                        "  Socket errors: connect 0, read 20, write 0, timeout 3\nRequests/sec:");
        assertThatThrownBy(() -> Wrk.parse(timeouts)).hasMessageContaining("23 of 15810");
        String none = timeouts.replace("read 20, write 0, timeout 3", "read 0, write 0, timeout 0");
        assertThat(Wrk.parse(none).failed()).isZero();
    }
}
