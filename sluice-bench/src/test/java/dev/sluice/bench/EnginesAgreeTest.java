package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.record.Record;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every engine the benchmark times must make the same decisions on the same records, or the
 * comparison means nothing.
 */
class EnginesAgreeTest {

    private static final Plugins PLUGINS = Plugins.locate();

    @ParameterizedTest
    @ValueSource(ints = {100, 10_240})
    void everyEngineAcceptsExactlyWhatPlainJavaAccepts(int valueSize) throws Exception {
        var records = BenchRecords.records(valueSize);
        var expected = decisions(new JavaFilter(), records);
        assertThat(expected.stream().filter(b -> b).count()).isEqualTo(BenchRecords.ACCEPTED);

        assertThat(
                        decisions(
                                new SluiceFilter(PLUGINS.rustFilter(), ExecutionEngine.COMPILER),
                                records))
                .isEqualTo(expected);
        assertThat(
                        decisions(
                                new SluiceFilter(PLUGINS.cFilter(), ExecutionEngine.COMPILER),
                                records))
                .isEqualTo(expected);
        assertThat(
                        decisions(
                                new SluiceFilter(
                                        PLUGINS.rustFilterComponent(), ExecutionEngine.COMPILER),
                                records))
                .isEqualTo(expected);
        assertThat(
                        decisions(
                                new SluiceFilter(PLUGINS.rustFilter(), ExecutionEngine.INTERPRETER),
                                records))
                .isEqualTo(expected);
        assertThat(decisions(new PlainChicoryFilter(PLUGINS.rustFilter()), records))
                .isEqualTo(expected);
        assertThat(decisions(new ExtismFilter(PLUGINS.extismFilter()), records))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 10_240})
    void graalWasmAgreesOnJdk21AndLater(int valueSize) throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "GraalWasm needs JDK 21+");
        var records = BenchRecords.records(valueSize);
        assertThat(decisions(new GraalWasmFilter(PLUGINS.rustFilter()), records))
                .isEqualTo(decisions(new JavaFilter(), records));
    }

    private static List<Boolean> decisions(FilterEngine engine, List<Record> records)
            throws Exception {
        try (engine) {
            return records.stream().map(engine::accept).toList();
        }
    }
}
