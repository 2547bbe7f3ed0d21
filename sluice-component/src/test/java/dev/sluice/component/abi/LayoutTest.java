package dev.sluice.component.abi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.component.types.ValType;
import dev.sluice.component.types.ValType.Primitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sizes, alignments and flattenings, against the Canonical ABI's definitions. */
class LayoutTest {

    private static final dev.sluice.component.engine.ValType I32 =
            dev.sluice.component.engine.ValType.I32;
    private static final dev.sluice.component.engine.ValType I64 =
            dev.sluice.component.engine.ValType.I64;
    private static final dev.sluice.component.engine.ValType F32 =
            dev.sluice.component.engine.ValType.F32;
    private static final dev.sluice.component.engine.ValType F64 =
            dev.sluice.component.engine.ValType.F64;

    private static ValType record(ValType... types) {
        var fields = new ArrayList<ValType.Field>();
        for (int i = 0; i < types.length; i++) {
            fields.add(new ValType.Field("f" + i, types[i]));
        }
        return new ValType.RecordOf(fields);
    }

    private static List<String> labels(int n) {
        var out = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            out.add("l" + i);
        }
        return out;
    }

    @Test
    void primitivesHaveTheirNaturalSizeAndAlignment() {
        assertThat(Codecs.of(Primitive.BOOL).size).isEqualTo(1);
        assertThat(Codecs.of(Primitive.U16).alignment).isEqualTo(2);
        assertThat(Codecs.of(Primitive.CHAR).size).isEqualTo(4);
        assertThat(Codecs.of(Primitive.F64).alignment).isEqualTo(8);
        assertThat(Codecs.of(Primitive.STRING).size).isEqualTo(8);
        assertThat(Codecs.of(Primitive.STRING).alignment).isEqualTo(4);
        assertThat(Codecs.of(new ValType.ListOf(Primitive.U64)).alignment).isEqualTo(4);
    }

    @Test
    void recordFieldsArePaddedToTheirAlignment() {
        var codec = Codecs.of(record(Primitive.U8, Primitive.U32, Primitive.U16));
        assertThat(codec.size).isEqualTo(12);
        assertThat(codec.alignment).isEqualTo(4);
        var mem = new GuestMemory();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("f0", 0xab);
        value.put("f1", 0x01020304L);
        value.put("f2", 0xbeef);
        codec.store(mem.cx(), value, 64);
        assertThat(mem.memory.read(64) & 0xff).isEqualTo(0xab);
        assertThat(mem.memory.readInt(68)).isEqualTo(0x01020304);
        assertThat(mem.memory.readShort(72) & 0xffff).isEqualTo(0xbeef);
        assertThat(codec.load(mem.cx(), 64)).isEqualTo(value);
    }

    @Test
    void aRecordEndingInAByteIsPaddedToItsAlignment() {
        assertThat(Codecs.of(record(Primitive.U64, Primitive.U8)).size).isEqualTo(16);
        assertThat(Codecs.of(record(Primitive.U16, Primitive.U8)).size).isEqualTo(4);
    }

    @Test
    void discriminantsUseTheSmallestIntegerThatFits() {
        assertThat(Codecs.of(new ValType.EnumOf(labels(2))).size).isEqualTo(1);
        assertThat(Codecs.of(new ValType.EnumOf(labels(256))).size).isEqualTo(1);
        assertThat(Codecs.of(new ValType.EnumOf(labels(257))).size).isEqualTo(2);
        var mem = new GuestMemory();
        Codecs.of(new ValType.EnumOf(labels(257))).store(mem.cx(), "l256", 32);
        assertThat(mem.memory.readShort(32)).isEqualTo((short) 256);
    }

    @Test
    void optionsAndResultsPutThePayloadAfterTheDiscriminantAtItsAlignment() {
        var option = Codecs.of(new ValType.OptionOf(Primitive.U64));
        assertThat(option.size).isEqualTo(16);
        assertThat(option.alignment).isEqualTo(8);
        var result = Codecs.of(new ValType.ResultOf(Primitive.U16, null));
        assertThat(result.size).isEqualTo(4);
        var empty = Codecs.of(new ValType.ResultOf(null, null));
        assertThat(empty.size).isEqualTo(1);
        assertThat(empty.flat).containsExactly(I32);
    }

    @Test
    void flagsArePackedIntoTheSmallestInteger() {
        assertThat(Codecs.of(new ValType.FlagsOf(labels(8))).size).isEqualTo(1);
        assertThat(Codecs.of(new ValType.FlagsOf(labels(9))).size).isEqualTo(2);
        assertThat(Codecs.of(new ValType.FlagsOf(labels(16))).size).isEqualTo(2);
        assertThat(Codecs.of(new ValType.FlagsOf(labels(17))).size).isEqualTo(4);
        var all = Codecs.of(new ValType.FlagsOf(labels(32)));
        var mem = new GuestMemory();
        all.store(mem.cx(), new LinkedHashSet<>(labels(32)), 8);
        assertThat(mem.memory.readInt(8)).isEqualTo(-1);
        long[] flat = new long[1];
        all.lower(mem.cx(), new LinkedHashSet<>(List.of("l0", "l31")), flat, 0);
        assertThat((int) flat[0]).isEqualTo(0x8000_0001);
    }

    @Test
    void variantPayloadSlotsJoinToTheWidestType() {
        var cases =
                List.of(
                        new ValType.Case("a", Primitive.U32),
                        new ValType.Case("b", Primitive.F32),
                        new ValType.Case("c", record(Primitive.F32, Primitive.F64)),
                        new ValType.Case("d", null));
        assertThat(Codecs.of(new ValType.VariantOf(cases)).flat).containsExactly(I32, I32, F64);
        var floats =
                List.of(new ValType.Case("x", Primitive.F32), new ValType.Case("y", Primitive.F64));
        assertThat(Codecs.of(new ValType.VariantOf(floats)).flat).containsExactly(I32, I64);
        var same =
                List.of(new ValType.Case("x", Primitive.F32), new ValType.Case("y", Primitive.F32));
        assertThat(Codecs.of(new ValType.VariantOf(same)).flat).containsExactly(I32, F32);
        assertThat(Codecs.of(record(Primitive.F64, Primitive.S64)).flat).containsExactly(F64, I64);
    }
}
