package dev.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds JDKs: a 21+ for the GraalWasm row (this one, SLUICE_BENCH_JDK21, or one in /usr/lib/jvm), a
 * 25+ for the cold start with the AOT cache (SLUICE_BENCH_JDK25, or one in /usr/lib/jvm).
 */
final class Jdks {

    private Jdks() {}

    static Optional<String> atLeast21(String currentJava) {
        if (Runtime.version().feature() >= 21) {
            return Optional.of(currentJava);
        }
        return configuredOrInstalled("SLUICE_BENCH_JDK21", ".*-(2[1-9]|[3-9][0-9])(-.*)?");
    }

    /** A JDK 25+ other than this one: SLUICE_BENCH_JDK25, or the newest in /usr/lib/jvm. */
    static Optional<String> atLeast25() {
        return configuredOrInstalled("SLUICE_BENCH_JDK25", ".*-(2[5-9]|[3-9][0-9])(-.*)?");
    }

    /** The JDK named by {@code variable}, else the newest in /usr/lib/jvm whose name matches. */
    private static Optional<String> configuredOrInstalled(String variable, String name) {
        String configured = System.getenv(variable);
        if (configured != null) {
            return Optional.of(Path.of(configured, "bin", "java").toString());
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> d.getFileName().toString().matches(name))
                    .map(d -> d.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(Path::toString))
                    .map(Path::toString);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature release of a {@code java} command (17, 25), from what {@code -version} says. */
    static int feature(String java) throws IOException, InterruptedException {
        var process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        var version = Pattern.compile("version \"(\\d+)").matcher(said);
        if (!version.find()) {
            throw new IOException(java + " -version did not say its version: " + said.strip());
        }
        return Integer.parseInt(version.group(1));
    }
}
