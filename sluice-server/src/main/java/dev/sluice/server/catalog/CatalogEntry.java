package dev.sluice.server.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One plugin version in a catalog index (docs/catalog.md). Everything but {@link #signature} is
 * signed: {@link #signedBytes()} is exactly what the publisher's Ed25519 key signs.
 *
 * @param name the plugin's name (its file name once installed, without {@code .wasm})
 * @param version dotted numbers, optionally with a {@code -suffix} ({@code 1.2.0}, {@code
 *     2.0.0-rc1})
 * @param description one line for people browsing
 * @param contract the contract it implements, as {@code sluice plugin inspect} says it
 * @param world what a component's WIT world exports (e.g. {@code sluice:plugin/plugin@0.1.0}); null
 *     for a core module
 * @param url where its bytes are, relative to the index (or absolute)
 * @param size its length in bytes
 * @param sha256 the hex SHA-256 of its bytes
 * @param imports what it imports, as {@code sluice plugin inspect} lists them
 * @param permissions what it asks to be granted: {@code state}, {@code events}, {@code
 *     events:CHANNEL}, {@code http}, {@code http:HOST:PORT}
 * @param signature the publisher's signature, or null for an unsigned entry
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogEntry(
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("description") String description,
        @JsonProperty("contract") String contract,
        @JsonProperty("world") String world,
        @JsonProperty("url") String url,
        @JsonProperty("size") long size,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("imports") List<String> imports,
        @JsonProperty("permissions") List<String> permissions,
        @JsonProperty("signature") Signature signature) {

    /** What signed bytes start with, so a signature over an entry means nothing elsewhere. */
    static final String SIGNED_PREFIX = CatalogIndex.FORMAT + "\n";

    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+)*(-[A-Za-z0-9.]+)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * An Ed25519 signature.
     *
     * @param keyId the publisher key's id ({@link PublisherKeys#keyId})
     * @param value the base64 signature over {@link CatalogEntry#signedBytes()}
     */
    public record Signature(
            @JsonProperty("key_id") String keyId, @JsonProperty("value") String value) {}

    public CatalogEntry {
        description = description == null ? "" : description;
        imports = imports == null ? List.of() : List.copyOf(imports);
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }

    /** The same entry with this signature. */
    public CatalogEntry signed(Signature s) {
        return new CatalogEntry(
                name,
                version,
                description,
                contract,
                world,
                url,
                size,
                sha256,
                imports,
                permissions,
                s);
    }

    /** The same entry with another description (its signature then no longer matches). */
    public CatalogEntry withDescription(String d) {
        return new CatalogEntry(
                name,
                version,
                d,
                contract,
                world,
                url,
                size,
                sha256,
                imports,
                permissions,
                signature);
    }

    /** {@code name@version}, for messages. */
    public String label() {
        return name + "@" + version;
    }

    /**
     * What is wrong with the entry's shape, or null: an entry that is not whole is refused before
     * its signature is looked at.
     */
    String problem() {
        if (name == null
                || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
                || name.endsWith(".wasm")) {
            return "an entry's name '" + name + "' is not a plugin name";
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            return label() + ": version '" + version + "' is not dotted numbers (e.g. 1.2.0)";
        }
        if (url == null || url.isBlank()) {
            return label() + ": has no url";
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return label() + ": sha256 is not 64 lowercase hex digits";
        }
        if (size < 1) {
            return label() + ": size must be positive";
        }
        if (contract == null) {
            return label() + ": has no contract";
        }
        return null;
    }

    /**
     * The bytes the signature covers: {@code "sluice-catalog/1\n"} then the entry as canonical JSON
     * without {@code signature}: every other field, keys in code-point order, no whitespace, null
     * for an absent world, strings with only {@code "}, {@code \} and control characters escaped
     * (as {@code \"}, {@code \\}, and backslash-u with four lowercase hex digits), all in UTF-8.
     */
    public byte[] signedBytes() {
        var out = new StringBuilder(SIGNED_PREFIX).append('{');
        field(out, "contract").append(string(contract)).append(',');
        field(out, "description").append(string(description)).append(',');
        field(out, "imports").append(strings(imports)).append(',');
        field(out, "name").append(string(name)).append(',');
        field(out, "permissions").append(strings(permissions)).append(',');
        field(out, "sha256").append(string(sha256)).append(',');
        field(out, "size").append(size).append(',');
        field(out, "url").append(string(url)).append(',');
        field(out, "version").append(string(version)).append(',');
        field(out, "world").append(world == null ? "null" : string(world));
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder out, String key) {
        return out.append(string(key)).append(':');
    }

    private static String strings(List<String> values) {
        var b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ",").append(string(values.get(i)));
        }
        return b.append(']').toString();
    }

    private static String string(String s) {
        Objects.requireNonNull(s, "a signed field is null");
        var b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
