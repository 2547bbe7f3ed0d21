package dev.sluice.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.component.model.ExternType;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ValType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentDecodeTest {

    private static final byte[] CONTENT_FILTER =
            Fixtures.plugin("blink/content-filter-component.wasm");

    @Test
    void decodesTheBlinkWorldOfAnAdapterBuiltComponent() {
        var component = Component.decode(CONTENT_FILTER);

        var host = (ExternType.Instance) component.type().imports().get("blink:plugin/host@0.1.0");
        var log = (ExternType.Func) host.type().exports().get("log");
        assertThat(log.type().params())
                .extracting(ValType.Field::name)
                .containsExactly("level", "message");
        assertThat(log.type().params().get(0).type())
                .isEqualTo(new ValType.EnumOf(List.of("trace", "debug", "info", "warn", "error")));
        assertThat(component.type().imports()).containsKey("wasi:io/streams@0.2.12");

        var plugin =
                (ExternType.Instance) component.type().exports().get("blink:plugin/plugin@0.1.0");
        var onRecord = ((ExternType.Func) plugin.type().exports().get("on-record")).type();
        assertThat(onRecord)
                .isEqualTo(
                        new FuncType(
                                List.of(
                                        new ValType.Field("topic", ValType.Primitive.STRING),
                                        new ValType.Field("partition", ValType.Primitive.U32),
                                        new ValType.Field(
                                                "key",
                                                new ValType.OptionOf(ValType.Primitive.STRING)),
                                        new ValType.Field("value", ValType.Primitive.STRING)),
                                ValType.Primitive.BOOL));
        assertThat(((ExternType.Func) plugin.type().exports().get("init")).type().result())
                .isEqualTo(new ValType.OptionOf(ValType.Primitive.U16));
    }

    @Test
    void printsTheWorldAsWit() {
        String wit = Component.decode(CONTENT_FILTER).wit();

        assertThat(wit)
                .contains("world root {")
                .contains("  import blink:plugin/host@0.1.0;")
                .contains("  export blink:plugin/plugin@0.1.0;")
                .contains("package blink:plugin@0.1.0 {")
                .contains("enum log-level { trace, debug, info, warn, error }")
                .contains("log: func(level: log-level, message: string);")
                .contains(
                        "on-record: func(topic: string, partition: u32, key: option<string>, value: string) -> bool;")
                .contains("init: func() -> option<u16>;")
                .contains("use wasi:io/error@0.2.12.{error};")
                .contains("resource output-stream {")
                .contains(
                        "blocking-write-and-flush: func(contents: list<u8>) -> result<_, stream-error>;");
    }

    @Test
    void aTruncatedBinaryNamesTheSectionAndOffset() {
        byte[] cut = Arrays.copyOf(CONTENT_FILTER, CONTENT_FILTER.length / 2);
        assertThatThrownBy(() -> Component.decode(cut))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("section")
                .hasMessageContaining("at byte offset");
    }

    @Test
    void aCoreModuleIsNotAComponent() {
        byte[] core = Fixtures.plugin("blink/content-filter.wasm");
        assertThatThrownBy(() -> Component.decode(core))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("a core module, not a component");
        assertThat(Component.isComponent(core)).isFalse();
        assertThat(Component.isComponent(CONTENT_FILTER)).isTrue();
    }

    @Test
    void anUnknownSectionIsReportedWhereItStarts() {
        byte[] bytes = {0, 'a', 's', 'm', 0x0d, 0, 1, 0, 42, 0};
        assertThatThrownBy(() -> Component.decode(bytes))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("unknown section id 42")
                .satisfies(e -> assertThat(((ComponentDecodeException) e).offset()).isEqualTo(8));
    }

    @Test
    void anOutOfRangeIndexIsReportedInItsSection() {
        // One alias: (alias export 0 "x" (func)) with no instance defined.
        byte[] bytes = {0, 'a', 's', 'm', 0x0d, 0, 1, 0, 6, 5, 1, 1, 0, 0, 1, 'x'};
        bytes[9] = (byte) (bytes.length - 10);
        assertThatThrownBy(() -> Component.decode(bytes))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("alias section")
                .hasMessageContaining("instance index 0 out of bounds");
    }

    @Test
    void aStartFunctionMustTakeAndReturnNothing() {
        // every-section.wasm plus a start section calling func 0 (new-counter, which takes a u32).
        byte[] base = Fixtures.plugin("testdata/components/every-section.wasm");
        byte[] withStart = Arrays.copyOf(base, base.length + 5);
        System.arraycopy(new byte[] {9, 3, 0, 0, 0}, 0, withStart, base.length, 5);
        assertThatThrownBy(() -> Component.decode(withStart))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("start section")
                .hasMessageContaining("must take no parameters and return nothing")
                .satisfies(
                        e ->
                                assertThat(((ComponentDecodeException) e).offset())
                                        .isEqualTo(base.length + 2));

        byte[] withArgs = Arrays.copyOf(withStart, withStart.length);
        withArgs[base.length + 3] = 1; // one argument: a component value
        assertThatThrownBy(() -> Component.decode(withArgs))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("component values are not supported");
    }
}
