package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What the figures were measured on, for the results file. */
final class Machine {

    private Machine() {}

    static Map<String, Object> describe() {
        return BenchMain.map(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                "arch",
                System.getProperty("os.arch"),
                "cpu",
                cpuModel(),
                "cores",
                Runtime.getRuntime().availableProcessors(),
                "jvm",
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version"),
                "max_heap_mb",
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
