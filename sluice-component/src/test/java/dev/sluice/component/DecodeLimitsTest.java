package dev.sluice.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Binaries that declare more than any real component (deep nesting, exponentially large types,
 * exponentially many instances, counts past the end) are refused while decoding, with the section
 * and offset, instead of exhausting the stack, the heap or the time of whatever walks them later.
 */
class DecodeLimitsTest {

    @Test
    void componentsNested3000DeepAreRefusedNotAStackOverflow() {
        byte[] bytes = HostileBinaries.nestedComponents(3000);
        assertThat(bytes.length).isBetween(30_000, 40_000);

        assertThatThrownBy(() -> Component.decode(bytes))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("component section")
                .hasMessageContaining("nested more than 100 levels deep")
                .hasMessageContaining("at byte offset");
    }

    @Test
    void nestingUpToTheLimitDecodes() {
        var component = Component.decode(HostileBinaries.nestedComponents(100));
        assertThat(component.model().components()).hasSize(1);
        assertThat(component.wit()).contains("world root");

        assertThatThrownBy(() -> Component.decode(HostileBinaries.nestedComponents(101)))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("nested more than 100 levels deep");
    }

    @Test
    void aTypeNestedTooDeepThroughTypeIndicesIsRefused() {
        assertThat(Component.decode(HostileBinaries.nestedLists(99)).model().types()).hasSize(99);

        assertThatThrownBy(() -> Component.decode(HostileBinaries.nestedLists(5000)))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("type section")
                .hasMessageContaining("type nested 101 levels deep, more than the limit of 100");
    }

    @Test
    void aTypeExponentiallyLargeWhenWrittenOutIsRefused() {
        // 40 types of 4 bytes each: the last has 2^41 parts.
        assertThatThrownBy(() -> Component.decode(HostileBinaries.doublingTuples(40)))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("type section")
                .hasMessageContaining("type too large")
                .hasMessageContaining("more than the limit of 1000000");
    }

    @Test
    void instanceTypesNestedThroughExportsAreRefused() {
        assertThatThrownBy(() -> Component.decode(HostileBinaries.nestedInstances(3000)))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("instance section")
                .hasMessageContaining("type nested 101 levels deep");
    }

    @Test
    void exponentiallyManyInstantiationsAreRefused() {
        // 10 levels make 2^10 - 1 instances: allowed. 20 levels would make a million.
        Component.decode(HostileBinaries.doublingInstantiations(10));

        assertThatThrownBy(() -> Component.decode(HostileBinaries.doublingInstantiations(20)))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("instance section")
                .hasMessageContaining("more than the limit of 10000");
    }

    @Test
    void aCountLargerThanTheBytesLeftIsRefusedBeforeAnythingIsAllocated() {
        byte[] bytes =
                HostileBinaries.component(
                        HostileBinaries.section(
                                7, HostileBinaries.vector(0xffff_fffL, new byte[0])));
        assertThatThrownBy(() -> Component.decode(bytes))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("type section")
                .hasMessageContaining("vector of 268435455 elements cannot fit in 0 bytes")
                .satisfies(e -> assertThat(((ComponentDecodeException) e).offset()).isEqualTo(10));
    }

    @Test
    void aFileCutInsideThePreambleIsCalledTruncated() {
        byte[] four = {0, 'a', 's', 'm'};
        assertThatThrownBy(() -> Component.decode(four))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("truncated: only 4 of the 8 preamble bytes");
        assertThatThrownBy(() -> Component.decode(new byte[] {0, 'a', 's', 'n'}))
                .hasMessageContaining("no \\0asm magic");
        assertThatThrownBy(() -> Component.decode(new byte[0])).hasMessageContaining("empty");
    }
}
