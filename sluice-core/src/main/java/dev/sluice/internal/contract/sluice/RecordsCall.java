package dev.sluice.internal.contract.sluice;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.DirectCall;
import dev.sluice.component.abi.CallContext;
import dev.sluice.component.engine.Memory;
import dev.sluice.internal.contract.Verdict;
import dev.sluice.internal.text.RawBytes;
import dev.sluice.record.Bytes;
import dev.sluice.record.Header;
import dev.sluice.record.Record;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code on-records} lowered and lifted straight between {@link Record}s and guest memory, in the
 * canonical ABI's layout of the world's types — the hot path, where the generic values (a map per
 * record) cost more than the guest's work. Every string and list still goes through the guest's
 * {@code cabi_realloc}, one allocation each as the ABI does it, and everything the guest hands back
 * is checked as sluice-component's generic codecs check it: bounds and alignment of every pointer,
 * list lengths, UTF-8 of strings, and the tag of every variant and option.
 *
 * <p>Layouts (size, alignment; field offsets), as the canonical ABI computes them:
 *
 * <pre>
 * record  48, 8: topic 0 (ptr, len), partition 8, key 12 (tag; ptr 16, len 20), value 24,
 *                headers 32, timestamp 40
 * header  16, 4: key 0, value 8
 * verdict 12, 4: tag 0; reject's string or replace's list at 4
 * output  64, 8: topic 0 (tag; 4, 8), partition 12 (tag; 16), key 20 (tag; 24, 28), value 32,
 *                headers 40, timestamp 48 (tag; 56)
 * </pre>
 *
 * <p>One per instance, reused by each call (an instance serves one call at a time).
 */
final class RecordsCall implements DirectCall<List<Verdict>> {

    static final int RECORD_SIZE = 48;
    static final int HEADER_SIZE = 16;
    static final int VERDICT_SIZE = 12;
    static final int OUTPUT_SIZE = 64;

    private static final VarHandle I32 =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Distinct topics and header keys remembered per instance before the cache starts over. */
    private static final int MAX_CACHED_NAMES = 256;

    /** The longest list in bytes the canonical ABI lets cross (as sluice-component's codecs). */
    private static final long MAX_LIST_BYTES = (1 << 28) - 1;

    private final long[] args = new long[2];
    private List<Record> records;

    /**
     * The batch's record structs, built here and written into guest memory in one copy: per field
     * writes through the engine's memory cost more than the guest's whole work for a small record.
     * The order of the guest's allocations stays the ABI's; only the struct writes are batched,
     * which the guest cannot see (it does not run until the call).
     */
    private byte[] structs = new byte[64 * RECORD_SIZE];

    private byte[] headerStructs = new byte[8 * HEADER_SIZE];

    // Records of a batch mostly share their topics and header keys: encode each once, not per use.
    private final Map<String, byte[]> utf8 = new HashMap<>();

    /** The batch of the next call. */
    RecordsCall of(List<Record> batch) {
        this.records = batch;
        return this;
    }

    @Override
    public long[] lower(CallContext cx) {
        var batch = records;
        int n = batch.size();
        int bytes = n * RECORD_SIZE;
        int base = cx.allocate(8, bytes, "the list of records");
        if (structs.length < bytes) {
            structs = new byte[bytes];
        }
        Memory memory = cx.memory();
        for (int i = 0; i < n; i++) {
            store(cx, memory, batch.get(i), i * RECORD_SIZE);
        }
        memory.write(base, structs, 0, bytes);
        args[0] = base;
        args[1] = n;
        return args;
    }

    /** One record: its strings and lists into guest memory, its struct into {@link #structs}. */
    private void store(CallContext cx, Memory memory, Record record, int at) {
        byte[] s = structs;
        long topic = cx.storeString(encoded(record.topic()));
        I32.set(s, at, (int) (topic >>> 32));
        I32.set(s, at + 4, (int) topic);
        I32.set(s, at + 8, record.partition());
        var key = record.key();
        if (key == null) {
            I64.set(s, at + 12, 0L); // the tag, its padding, and the unused payload
            I32.set(s, at + 20, 0);
        } else {
            byte[] k = RawBytes.of(key);
            I32.set(s, at + 12, 1);
            I32.set(s, at + 16, cx.storeBytes(k));
            I32.set(s, at + 20, k.length);
        }
        byte[] value = RawBytes.of(record.value());
        I32.set(s, at + 24, cx.storeBytes(value));
        I32.set(s, at + 28, value.length);
        var headers = record.headers();
        int count = headers.size();
        int size = count * HEADER_SIZE;
        int list = cx.allocate(4, size, "a record's headers");
        if (count > 0) {
            if (headerStructs.length < size) {
                headerStructs = new byte[size];
            }
            byte[] h = headerStructs;
            for (int i = 0; i < count; i++) {
                var header = headers.get(i);
                int hat = i * HEADER_SIZE;
                long k = cx.storeString(encoded(header.key()));
                I32.set(h, hat, (int) (k >>> 32));
                I32.set(h, hat + 4, (int) k);
                byte[] v = RawBytes.of(header.value());
                I32.set(h, hat + 8, cx.storeBytes(v));
                I32.set(h, hat + 12, v.length);
            }
            memory.write(list, h, 0, size);
        }
        I32.set(s, at + 32, list);
        I32.set(s, at + 36, count);
        I64.set(s, at + 40, record.timestamp());
    }

    /** A topic or header key as UTF-8, from a bounded cache (names repeat; keys are few). */
    private byte[] encoded(String name) {
        byte[] bytes = utf8.get(name);
        if (bytes == null) {
            if (utf8.size() >= MAX_CACHED_NAMES) {
                utf8.clear();
            }
            bytes = name.getBytes(StandardCharsets.UTF_8);
            utf8.put(name, bytes);
        }
        return bytes;
    }

    @Override
    public List<Verdict> lift(CallContext cx, long[] results) {
        records = null; // not kept past the call
        int area = (int) results[0];
        cx.check(area, 8, 4, "the returned value");
        Memory memory = cx.memory();
        int ptr = memory.readInt(area);
        int length = memory.readInt(area + 4);
        checkList(cx, ptr, length, VERDICT_SIZE, 4, "the list of verdicts");
        var verdicts = new ArrayList<Verdict>(length);
        for (int i = 0; i < length; i++) {
            verdicts.add(verdict(cx, memory, ptr + i * VERDICT_SIZE));
        }
        return verdicts;
    }

    private static Verdict verdict(CallContext cx, Memory memory, int at) {
        int tag = memory.read(at) & 0xff;
        switch (tag) {
            case 0:
                return Verdict.ALLOW;
            case 1:
                return new Verdict.Block(
                        WorldValues.reason(
                                cx.loadString(memory.readInt(at + 4), memory.readInt(at + 8))));
            case 2:
                int ptr = memory.readInt(at + 4);
                int length = memory.readInt(at + 8);
                checkList(cx, ptr, length, OUTPUT_SIZE, 8, "a verdict's list of outputs");
                var outputs = new ArrayList<Verdict.Output>(length);
                for (int i = 0; i < length; i++) {
                    outputs.add(output(cx, memory, ptr + i * OUTPUT_SIZE));
                }
                return new Verdict.Replace(outputs);
            default:
                throw new ComponentTrap(
                        "a verdict has case "
                                + tag
                                + " (the variant has 0 accept, 1 reject, 2 replace)");
        }
    }

    private static Verdict.Output output(CallContext cx, Memory memory, int at) {
        String topic =
                option(memory, at, "topic")
                        ? cx.loadString(memory.readInt(at + 4), memory.readInt(at + 8))
                        : null;
        Integer partition = option(memory, at + 12, "partition") ? memory.readInt(at + 16) : null;
        Bytes key = option(memory, at + 20, "key") ? bytes(cx, memory, at + 24) : null;
        Bytes value = bytes(cx, memory, at + 32);
        int list = memory.readInt(at + 40);
        int count = memory.readInt(at + 44);
        checkList(cx, list, count, HEADER_SIZE, 4, "an output's headers");
        var headers = new Header[count];
        for (int h = 0; h < count; h++) {
            int hat = list + h * HEADER_SIZE;
            headers[h] =
                    new Header(
                            cx.loadString(memory.readInt(hat), memory.readInt(hat + 4)),
                            bytes(cx, memory, hat + 8));
        }
        Long timestamp = option(memory, at + 48, "timestamp") ? memory.readLong(at + 56) : null;
        // An immutable list: the Record built from it keeps it instead of copying it again.
        return new Verdict.Output(topic, partition, key, value, List.of(headers), timestamp);
    }

    /** An option's tag: 0 none, 1 some; anything else traps, as the ABI says. */
    private static boolean option(Memory memory, int at, String field) {
        int tag = memory.read(at) & 0xff;
        if (tag > 1) {
            throw new ComponentTrap(
                    "an output's " + field + " has option tag " + tag + " (0 none, 1 some)");
        }
        return tag == 1;
    }

    /** A lifted list is a fresh array: the record takes it over. */
    private static Bytes bytes(CallContext cx, Memory memory, int at) {
        return Bytes.wrap(cx.loadBytes(memory.readInt(at), memory.readInt(at + 4)));
    }

    private static void checkList(
            CallContext cx, int ptr, int length, int elementSize, int alignment, String what) {
        long bytes = Integer.toUnsignedLong(length) * elementSize;
        if (bytes > MAX_LIST_BYTES) {
            throw new ComponentTrap(
                    what + " of " + bytes + " bytes is longer than the canonical ABI allows");
        }
        cx.check(ptr, bytes, alignment, what);
    }
}
