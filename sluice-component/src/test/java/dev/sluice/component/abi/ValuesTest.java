package dev.sluice.component.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.ResultValue;
import dev.sluice.component.VariantValue;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ValType;
import dev.sluice.component.types.ValType.Primitive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values crossing the boundary and back: the host lowers arguments for a guest, the guest's side
 * (standing in: the same bytes read back) lifts them; results go through the return area.
 */
class ValuesTest {

    private final GuestMemory mem = new GuestMemory();

    private static FuncType echo(ValType t) {
        return new FuncType(List.of(new ValType.Field("x", t)), t);
    }

    /** Lowers as a call into the guest would, then lifts as a host function would receive it. */
    private Object throughArguments(ValType t, Object value, StringEncoding encoding) {
        var abi = FunctionAbi.of(echo(t));
        long[] core = abi.lowerArgs(mem.cx(encoding), new Object[] {value});
        return abi.liftArgs(mem.cx(encoding), core)[0];
    }

    /** Stores as a host function's result, then loads as a guest export's result. */
    private Object throughResult(ValType t, Object value) {
        var abi = FunctionAbi.of(echo(t));
        var cx = mem.cx();
        if (abi.loweredCoreType().returns().isEmpty()) {
            int retptr = 4096;
            abi.lowerResult(cx, value, new long[] {0, 0, 0, 0, retptr});
            return abi.liftResult(cx, new long[] {retptr});
        }
        return abi.liftResult(cx, abi.lowerResult(cx, value, new long[0]));
    }

    static Stream<Arguments> values() {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("x", -7);
        point.put("y", 1.5);
        var pointType =
                new ValType.RecordOf(
                        List.of(
                                new ValType.Field("x", Primitive.S16),
                                new ValType.Field("y", Primitive.F64)));
        var shape =
                new ValType.VariantOf(
                        List.of(
                                new ValType.Case("circle", Primitive.F32),
                                new ValType.Case("square", Primitive.U64),
                                new ValType.Case("none", null)));
        return Stream.of(
                Arguments.of(Primitive.BOOL, true),
                Arguments.of(Primitive.S8, -128),
                Arguments.of(Primitive.U8, 255),
                Arguments.of(Primitive.S16, -32768),
                Arguments.of(Primitive.U16, 65535),
                Arguments.of(Primitive.S32, Integer.MIN_VALUE),
                Arguments.of(Primitive.U32, 0xffff_ffffL),
                Arguments.of(Primitive.S64, Long.MIN_VALUE),
                Arguments.of(Primitive.U64, -1L),
                Arguments.of(Primitive.F32, -0.0f),
                Arguments.of(Primitive.F64, Double.NEGATIVE_INFINITY),
                Arguments.of(Primitive.CHAR, 0x1F600),
                Arguments.of(Primitive.STRING, "héllo, wörld 😀"),
                Arguments.of(Primitive.STRING, ""),
                Arguments.of(new ValType.ListOf(Primitive.STRING), List.of("a", "", "ü")),
                Arguments.of(new ValType.ListOf(Primitive.U32), List.of(1L, 0xffff_ffffL)),
                Arguments.of(pointType, point),
                Arguments.of(new ValType.ListOf(pointType), List.of(point, point)),
                Arguments.of(
                        new ValType.TupleOf(List.of(Primitive.U8, Primitive.STRING)),
                        List.of(3, "x")),
                Arguments.of(shape, new VariantValue("circle", 2.5f)),
                Arguments.of(shape, new VariantValue("square", 1L << 40)),
                Arguments.of(shape, new VariantValue("none", null)),
                Arguments.of(new ValType.EnumOf(List.of("a", "b", "c")), "c"),
                Arguments.of(
                        new ValType.OptionOf(new ValType.OptionOf(Primitive.U32)),
                        Optional.of(Optional.empty())),
                Arguments.of(new ValType.OptionOf(Primitive.STRING), Optional.of("some")),
                Arguments.of(
                        new ValType.ResultOf(Primitive.STRING, Primitive.U8), ResultValue.err(9)),
                Arguments.of(new ValType.ResultOf(null, Primitive.STRING), ResultValue.ok(null)),
                Arguments.of(new ValType.FlagsOf(List.of("r", "w", "x")), Set.of("r", "x")));
    }

    @ParameterizedTest
    @MethodSource("values")
    void everyTypeSurvivesArgumentsAndResults(ValType type, Object value) {
        assertThat(throughArguments(type, value, StringEncoding.UTF8)).isEqualTo(value);
        assertThat(throughResult(type, value)).isEqualTo(value);
    }

    @Test
    void bytesTravelAsByteArrays() {
        byte[] data = {0, 1, (byte) 0xff};
        assertThat(
                        (byte[])
                                throughArguments(
                                        new ValType.ListOf(Primitive.U8),
                                        data,
                                        StringEncoding.UTF8))
                .containsExactly(data);
        // A string may be given as UTF-8 bytes: copied as they are.
        assertThat(
                        throughArguments(
                                Primitive.STRING,
                                "abc".getBytes(StandardCharsets.UTF_8),
                                StringEncoding.UTF8))
                .isEqualTo("abc");
    }

    @Test
    void nanIsCanonicalOnTheWayIn() {
        long[] core = {Float.floatToRawIntBits(Float.intBitsToFloat(0x7fc0_1234))};
        var lifted = (Float) FunctionAbi.of(echo(Primitive.F32)).liftArgs(mem.cx(), core)[0];
        assertThat(Float.floatToRawIntBits(lifted)).isEqualTo(0x7fc0_0000);
    }

    @Test
    void utf16StringsAreStoredAsCodeUnits() {
        var cx = mem.cx(StringEncoding.UTF16);
        long packed = Strings.store(cx, "a😀");
        int ptr = (int) (packed >>> 32);
        assertThat((int) packed).isEqualTo(3);
        assertThat(ptr % 2).isZero();
        assertThat(mem.memory.readBytes(ptr, 6))
                .containsExactly("a😀".getBytes(StandardCharsets.UTF_16LE));
        assertThat(throughArguments(Primitive.STRING, "a😀", StringEncoding.UTF16))
                .isEqualTo("a😀");
    }

    @Test
    void latin1Utf16UsesLatin1WhenItCanAndTagsUtf16WhenItCannot() {
        var cx = mem.cx(StringEncoding.LATIN1_UTF16);
        long latin1 = Strings.store(cx, "héllo");
        assertThat((int) latin1).isEqualTo(5);
        assertThat(mem.memory.read((int) (latin1 >>> 32) + 1) & 0xff).isEqualTo(0xe9);
        long utf16 = Strings.store(cx, "h€");
        assertThat((int) utf16).isEqualTo(2 | Strings.UTF16_TAG);
        for (String s : List.of("héllo", "h€", "😀", "")) {
            assertThat(throughArguments(Primitive.STRING, s, StringEncoding.LATIN1_UTF16))
                    .isEqualTo(s);
        }
    }

    @Test
    void moreThanSixteenFlatParametersAreSpilledToMemory() {
        var params = new ArrayList<ValType.Field>();
        var args = new ArrayList<Object>();
        for (int i = 0; i < 17; i++) {
            params.add(new ValType.Field("p" + i, Primitive.U32));
            args.add((long) i * 3);
        }
        var abi = FunctionAbi.of(new FuncType(params, null));
        assertThat(abi.liftedCoreType().params()).hasSize(1);
        assertThat(abi.loweredCoreType().params()).hasSize(1);
        long[] core = abi.lowerArgs(mem.cx(), args.toArray());
        assertThat(core).hasSize(1);
        assertThat(mem.memory.readInt((int) core[0] + 4 * 16)).isEqualTo(48);
        assertThat(abi.liftArgs(mem.cx(), core)).containsExactlyElementsOf(args);
    }

    @Test
    void sixteenFlatParametersStillTravelFlat() {
        var params = new ArrayList<ValType.Field>();
        for (int i = 0; i < 8; i++) {
            params.add(new ValType.Field("s" + i, Primitive.STRING));
        }
        assertThat(FunctionAbi.of(new FuncType(params, null)).liftedCoreType().params())
                .hasSize(16);
    }

    @Test
    void aResultOfMoreThanOneFlatValueGoesThroughAReturnPointer() {
        var type = new ValType.TupleOf(List.of(Primitive.U32, Primitive.U64));
        var abi = FunctionAbi.of(new FuncType(List.of(), type));
        assertThat(abi.liftedCoreType().returns()).hasSize(1);
        assertThat(abi.loweredCoreType().params()).hasSize(1);
        assertThat(abi.loweredCoreType().returns()).isEmpty();
        assertThat(abi.lowerResult(mem.cx(), List.of(7L, 9L), new long[] {256})).isEmpty();
        assertThat(mem.memory.readInt(256)).isEqualTo(7);
        assertThat(mem.memory.readLong(264)).isEqualTo(9);
    }

    @Test
    void badGuestValuesTrap() {
        var cx = mem.cx();
        mem.memory.write(100, new byte[] {(byte) 0xc3, 0x28});
        assertThatThrownBy(() -> Strings.load(cx, 100, 2))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> Strings.load(cx, 65530, 10))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("outside memory");
        var charAbi = FunctionAbi.of(echo(Primitive.CHAR));
        assertThatThrownBy(() -> charAbi.liftArgs(cx, new long[] {0xD800}))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("not a Unicode scalar value");
        assertThatThrownBy(() -> charAbi.liftArgs(cx, new long[] {0x110000}))
                .isInstanceOf(ComponentTrap.class);
        var enumAbi = FunctionAbi.of(echo(new ValType.EnumOf(List.of("a", "b"))));
        assertThatThrownBy(() -> enumAbi.liftArgs(cx, new long[] {2}))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("discriminant 2");
        var listAbi = FunctionAbi.of(echo(new ValType.ListOf(Primitive.U32)));
        assertThatThrownBy(() -> listAbi.liftArgs(cx, new long[] {2, 1}))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("not aligned");
        var utf16 = mem.cx(StringEncoding.UTF16);
        mem.memory.write(200, new byte[] {0x00, (byte) 0xd8});
        assertThatThrownBy(() -> Strings.load(utf16, 200, 1))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("UTF-16");
    }

    @Test
    void aReallocThatReturnsMemoryOutsideTheGuestTraps() {
        var cx =
                new CallContext(
                        new ResolvedCanonOptions(
                                mem.memory, StringEncoding.UTF8, (p, o, a, n) -> 65535),
                        new HandleTable());
        assertThatThrownBy(() -> Strings.store(cx, "too long for the last byte"))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("allocated by realloc");
    }
}
