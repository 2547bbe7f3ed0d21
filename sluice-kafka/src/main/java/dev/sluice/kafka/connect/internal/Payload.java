package dev.sluice.kafka.connect.internal;

import dev.sluice.record.Bytes;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * How a Connect key or value crosses into Sluice, where records are bytes: raw bytes ({@code
 * byte[]}, {@code ByteBuffer}, schema BYTES or none) or text (a {@code String}, schema STRING or
 * none, as UTF-8). Whatever a plugin makes of it goes back in the same form, so the converter
 * downstream sees the type it was configured for.
 */
public enum Payload {
    BYTES,
    TEXT;

    /**
     * The form of {@code data} under {@code schema}.
     *
     * @param what "key" or "value", for the error
     * @throws DataException for anything but bytes and strings (structs, maps, numbers, logical
     *     types), saying which converter to use instead
     */
    public static Payload of(String what, Schema schema, Object data) {
        if (schema != null) {
            if (schema.name() == null) {
                if (schema.type() == Schema.Type.BYTES) {
                    return BYTES;
                }
                if (schema.type() == Schema.Type.STRING) {
                    return TEXT;
                }
            }
            throw unsupported(what, "schema " + describe(schema));
        }
        if (data instanceof byte[] || data instanceof ByteBuffer) {
            return BYTES;
        }
        if (data instanceof String) {
            return TEXT;
        }
        throw unsupported(what, "a schemaless " + data.getClass().getName());
    }

    private static String describe(Schema schema) {
        return schema.name() == null
                ? schema.type().name()
                : schema.type().name() + " (" + schema.name() + ")";
    }

    private static DataException unsupported(String what, String found) {
        return new DataException(
                "Sluice plugins take a record's "
                        + what
                        + " as bytes or a string, and this one is "
                        + found
                        + ": set "
                        + what
                        + ".converter to org.apache.kafka.connect.converters.ByteArrayConverter or"
                        + " org.apache.kafka.connect.storage.StringConverter (docs/kafka.md)");
    }

    /** The bytes of {@code data}, which is of this form. */
    public Bytes toBytes(Object data) {
        if (this == TEXT) {
            return Bytes.utf8((String) data);
        }
        if (data instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return Bytes.wrap(bytes);
        }
        return Bytes.copyOf((byte[]) data);
    }

    /**
     * What a plugin's bytes become in this form.
     *
     * @param origin who made them (the chain's plugins), for the error
     * @throws DataException when text was expected and the bytes are not UTF-8
     */
    public Object fromBytes(Bytes bytes, String what, String origin) {
        if (this == BYTES) {
            return bytes.toByteArray();
        }
        if (!bytes.isUtf8()) {
            throw new DataException(
                    origin
                            + " made a "
                            + what
                            + " that is not valid UTF-8 (at byte offset "
                            + bytes.firstInvalidUtf8()
                            + "), and the record's "
                            + what
                            + " is a string: use ByteArrayConverter for "
                            + what.toLowerCase(Locale.ROOT)
                            + ".converter");
        }
        return bytes.text();
    }
}
