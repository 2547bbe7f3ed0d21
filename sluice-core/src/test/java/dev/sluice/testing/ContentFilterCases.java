package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;

/**
 * The content filter's rules (plugins/src/c/content-rules.h, and every build of them) as a plugin
 * loaded into an engine must apply them: one record of each case and the exact reason.
 */
public final class ContentFilterCases {

    private ContentFilterCases() {}

    /** Checks that the enabled plugin {@code name} decides as the content filter does. */
    public static void assertDecides(Sluice sluice, String name) {
        assertThat(sluice.process(Record.of("orders", 0, null, "hello")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(sluice.process(Record.of("sensitive-data", 0, "k", "x")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(sluice.process(Record.of("orders", 0, null, "")))
                .isEqualTo(Decision.reject(name, "rejected: empty value"));
        assertThat(sluice.process(Record.of("sensitive-data", 0, null, "x")))
                .isEqualTo(
                        Decision.reject(
                                name, "rejected: sensitive topic sensitive-data requires a key"));
        assertThat(sluice.process(Record.of("orders", 1, "k", "my password is 123")))
                .isEqualTo(Decision.reject(name, "rejected: value contains a password"));
        assertThat(sluice.plugin(name).orElseThrow().failures()).isZero();
    }
}
