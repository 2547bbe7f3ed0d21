package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpBenchTest {

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
        var result = HttpBench.parse(1, WRK);
        assertThat(result.plugins()).isEqualTo(1);
        assertThat(result.requestsPerSecond()).isEqualTo(5269.81);
        assertThat(result.p50Ms()).isEqualTo(0.52);
        assertThat(result.p99Ms()).isEqualTo(1390.0);
    }

    @Test
    void outputWithoutAThroughputLineIsAnError() {
        assertThatThrownBy(() -> HttpBench.parse(0, "unable to connect to 127.0.0.1:1"))
                .hasMessageContaining("no Requests/sec")
                .hasMessageContaining("unable to connect");
    }
}
