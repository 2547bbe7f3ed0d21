package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The class data the {@code sluice} launcher gives a JVM, by its version: on JDK 25+ the AOT cache
 * (JEP 483/514/515), before that a class-data-sharing archive. One training run writes the file
 * ({@link #training}); the measured runs map it ({@link #use}).
 */
record ClassData(Path file, List<String> training, List<String> use) {

    static ClassData forJava(String java, Path base) throws IOException, InterruptedException {
        int feature = Jdks.feature(java);
        if (feature >= 25) {
            Path file = Path.of(base + ".aot");
            return new ClassData(
                    file,
                    List.of(
                            "-XX:AOTCacheOutput=" + file,
                            "-XX:+DisplayVMOutputToStderr",
                            "-Xlog:aot=off,aot+resolve=off,cds=off"),
                    List.of("-XX:AOTCache=" + file, "-Xlog:aot=off,cds=off"));
        }
        Path file = Path.of(base + ".jsa");
        return new ClassData(
                file,
                List.of("-XX:ArchiveClassesAtExit=" + file, "-Xlog:cds=off,cds+dynamic=off"),
                List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds=off,cds+dynamic=off"));
    }
}
