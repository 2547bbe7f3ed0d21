package dev.sluice.internal.contract;

import dev.sluice.component.Linker;
import dev.sluice.component.wasi.WasiHost;
import org.slf4j.event.Level;

/**
 * WASI 0.2 as every component contract gives it: stdout as info and stderr as warning lines of the
 * plugin's log, cut like its own log lines, and charged to the call's output budget.
 */
public final class ComponentWasi {

    private ComponentWasi() {}

    public static void define(Linker linker, PluginLog log) {
        WasiHost.builder()
                .stdout(
                        line ->
                                log.log(
                                        Level.INFO,
                                        PluginText.cut(line, PluginText.MAX_LINE_BYTES)))
                .stderr(
                        line ->
                                log.log(
                                        Level.WARN,
                                        PluginText.cut(line, PluginText.MAX_LINE_BYTES)))
                .outputBudget(bytes -> log.chargeOutput("a wasi:io/streams write", bytes))
                .build()
                .define(linker);
    }
}
