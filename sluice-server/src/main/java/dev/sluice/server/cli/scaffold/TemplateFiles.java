package dev.sluice.server.cli.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The scaffold's files on the class path, under {@code templates/plugin-new/}: the templates (kept
 * in git) and {@code bundle/}, the SDKs, WIT files and tools the build copies there from plugins/
 * (sluice-server's pom), so that a project needs no Sluice checkout.
 */
final class TemplateFiles {

    private static final String ROOT = "templates/plugin-new/";

    private TemplateFiles() {}

    /** A template's text. */
    static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** A file's bytes. */
    static byte[] bytes(String path) {
        try (InputStream in =
                TemplateFiles.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw missing(path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every file under folder {@code dir}, by path relative to it, in name order. Resources cannot
     * be listed through the class loader, so the folder is walked where it is: a directory when run
     * from the build's classes, a jar (through its file system) when run from the jar.
     */
    static Map<String, byte[]> tree(String dir) {
        URL url = TemplateFiles.class.getClassLoader().getResource(ROOT + dir);
        if (url == null) {
            throw missing(dir);
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.provider().getPath(uri));
                }
            }
            return read(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + ": not a usable resource location", e);
        }
    }

    private static Map<String, byte[]> read(Path dir) throws IOException {
        var files = new TreeMap<String, byte[]>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                // jar paths use '/', and so does everything the scaffold writes
                String relative = dir.relativize(file).toString().replace('\\', '/');
                files.put(relative, Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static IllegalStateException missing(String path) {
        return new IllegalStateException(
                ROOT
                        + path
                        + " is not on the class path: this sluice-server was built without the"
                        + " plugin templates; rebuild it with ./mvnw package");
    }
}
